"""The wizard engine: which step is current, what the path ahead is, what is done.

It holds a draft (answers as in an answers file), checks each step with `forms` and
asks the flow for the path. The TUI only renders it; the store only saves `state()`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from typing import Any, Literal

import forms
from forms.issues import Issue
from forms.registration import PRESET_ANSWERS
from onboarding.flow import Flow, load_flow

START = "start"
# Every step either path can take, in the order the sidebar shows them.
ALL_STEPS = (
    START,
    "account_type",
    "email",
    "region",
    "organization",
    "authentication",
    "profile",
    "verification",
    "operators",
)
STEP_TITLES = {
    START: ("Client & entity", "客户与主体"),
    "account_type": ("Account type", "账号类型"),
    "email": ("Email", "登录邮箱"),
    "region": ("Region", "注册地区"),
    "organization": ("Organization & admin", "主体与管理员"),
    "authentication": ("Authentication", "主体验证"),
    "profile": ("Profile", "账号信息"),
    "verification": ("Verification", "微信认证"),
    "operators": ("Operators", "运营者"),
}

StepStatus = Literal["done", "current", "ahead", "maybe", "off-path"]
ExtraChecks = Callable[[str, Mapping[str, Any]], list[Issue]]


def _root(path: str) -> str:
    """'operators[2].wechat_id' -> 'operators'."""
    return path.split(".", 1)[0].split("[", 1)[0]


def _no_checks(step: str, answers: Mapping[str, Any]) -> list[Issue]:
    return []


class Wizard:
    """A registration in progress. Cheap to build; `state()` round-trips it."""

    def __init__(
        self,
        answers: Mapping[str, Any] | None = None,
        *,
        current: str = START,
        submitted: set[str] | None = None,
        extra_checks: ExtraChecks = _no_checks,
    ) -> None:
        self.answers: dict[str, Any] = copy.deepcopy(dict(answers or {}))
        self.answers.setdefault("version", 1)
        self.submitted: set[str] = set(submitted or ())
        self.extra_checks = extra_checks
        self._path_for: tuple[str, list[str]] = ("", [])
        self.current = current if current in self.path else START

    # -- the path ---------------------------------------------------------------------

    @property
    def entity(self) -> str | None:
        entity = self.answers.get("entity")
        return entity if entity in forms.VARIANTS else None

    @property
    def flow(self) -> Flow | None:
        return load_flow(self.entity) if self.entity else None

    @property
    def path(self) -> list[str]:
        """Start, then the steps the flow takes for the current answers.

        Walking the statechart costs about a millisecond, and the sidebar asks for the path
        many times per keystroke, so the last walk is kept until an answer changes.
        """
        key = json.dumps(self.answers, sort_keys=True, default=str)
        if key != self._path_for[0]:
            self._path_for = (key, [START, *(self.flow.path(self.answers) if self.flow else [])])
        return list(self._path_for[1])

    def status(self, step: str) -> StepStatus:
        if step not in self.path:
            flow = self.flow
            return "maybe" if flow and step in flow.undecided(self.answers) else "off-path"
        if step == self.current:
            return "current"
        return "done" if self.is_done(step) else "ahead"

    def is_done(self, step: str) -> bool:
        return step in self.submitted and not self.check(step)

    @property
    def progress(self) -> tuple[int, int]:
        """(steps done, steps on the path), the start step included."""
        path = self.path
        return sum(self.is_done(s) for s in path), len(path)

    @property
    def complete(self) -> bool:
        done, total = self.progress
        return total > 1 and done == total

    # -- answering --------------------------------------------------------------------

    def check(self, step: str, answers: Mapping[str, Any] | None = None) -> list[Issue]:
        """The errors of one step's answers: the forms' rules, then the cross-account ones."""
        answers = self.answers if answers is None else answers
        entity = answers.get("entity")
        if step != START and entity not in forms.VARIANTS:
            return [Issue("entity", "choose the entity first")]
        found = forms.validate_step(entity or "china", step, answers)
        if found:
            return found
        keys = forms.STEP_FIELDS[step]
        return [i for i in self.extra_checks(step, answers) if _root(i.path) in keys]

    def update(self, values: Mapping[str, Any]) -> None:
        """Merge a step's answers into the draft without checking (autosave of typing)."""
        self.answers.update(copy.deepcopy(dict(values)))

    def submit(self, values: Mapping[str, Any] | None = None) -> list[Issue]:
        """Record the current step's answers; move on only when they pass every rule."""
        if values:
            self.update(values)
        issues = self.check(self.current)
        if issues:
            return issues
        self.submitted.add(self.current)
        if self.current == START and self.entity:
            for key, value in PRESET_ANSWERS[self.entity].items():
                if not self.answers.get(key):
                    self.answers[key] = value
        self.current = self.next_step() or self.current
        return []

    def next_step(self) -> str | None:
        """The first step after the current one that is not done yet, or None at the end."""
        path = self.path
        for step in path[path.index(self.current) + 1 :]:
            if not self.is_done(step):
                return step
        return None

    def back(self) -> str:
        path = self.path
        index = path.index(self.current) if self.current in path else 0
        self.current = path[max(index - 1, 0)]
        return self.current

    def can_go_to(self, step: str) -> bool:
        """Done steps and the first open step are reachable; later ones are not."""
        if step not in self.path:
            return False
        first_open = next((s for s in self.path if not self.is_done(s)), None)
        return self.is_done(step) or step == first_open

    def go_to(self, step: str) -> bool:
        if not self.can_go_to(step):
            return False
        self.current = step
        return True

    # -- results ----------------------------------------------------------------------

    def registration_answers(self) -> dict[str, Any]:
        """The draft limited to what the chosen entity's registration holds.

        Answers that a path change made irrelevant stay in the draft (switching back
        restores them) but are left out here.
        """
        variant = forms.VARIANTS.get(self.entity or "")
        if variant is None:
            return copy.deepcopy(self.answers)
        out: dict[str, Any] = {}
        for key, value in self.answers.items():
            info = variant.model_fields.get(key)
            if info is None or value is None:
                continue
            value = copy.deepcopy(value)
            part = info.annotation
            if isinstance(value, dict) and isinstance(part, type) and hasattr(part, "model_fields"):
                value = {k: v for k, v in value.items() if k in part.model_fields}
            out[key] = value
        if self.entity == "china" and "verification" not in self.path:
            out.pop("verification", None)
        return out

    def result(self) -> forms.Result:
        return forms.validate(self.registration_answers())

    def state(self) -> dict[str, Any]:
        return {
            "answers": copy.deepcopy(self.answers),
            "current": self.current,
            "submitted": sorted(self.submitted),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], extra_checks: ExtraChecks = _no_checks) -> Wizard:
        return cls(
            state.get("answers") or {},
            current=state.get("current", START),
            submitted=set(state.get("submitted") or ()),
            extra_checks=extra_checks,
        )
