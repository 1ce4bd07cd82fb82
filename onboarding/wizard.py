"""The wizard engine: which step is current, what the path ahead is, what is done.

It holds a draft (answers as in an answers file), checks each step with `forms` and
asks the flow for the path. The TUI only renders it; the store only saves `state()`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, cast

import forms
from forms import rulebook
from forms.advisor import has_choice
from forms.issues import Issue
from forms.registration import normalized_step
from forms.registry import START, STEP, STEP_IDS
from forms.steps import Entity
from forms.words import Message
from onboarding.flow import Walk, registration_flow
from onboarding.i18n import N_
from onboarding.questions import asked_groups, known_names

__all__ = ["START", "STEP_IDS", "Wizard"]

StepStatus = Literal["done", "current", "ahead", "maybe", "off-path"]
ExtraChecks = Callable[[str, Mapping[str, Any]], list[Issue]]


def _root(path: str) -> str:
    """'operators[2].wechat_id' -> 'operators'."""
    return path.split(".", 1)[0].split("[", 1)[0]


def _only(item: Any, names: list[str], key: str) -> Any:
    """A part or list item with the fields the path asks, and any no path asks (a typo, for
    the rules to report); a field only another path asks is left out. Other shapes as
    they are."""
    if not isinstance(item, Mapping):
        return copy.deepcopy(item)
    known = known_names(key)
    return {k: copy.deepcopy(v) for k, v in item.items() if k in names or k not in known}


def _asked(entity: str | None, path: list[str], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers the path asks of this entity, plus the file's own keys (version...)."""
    if entity is None:
        return copy.deepcopy(dict(answers))
    asked = {key for spec in STEP.values() for key in spec.asks}
    out = {
        key: copy.deepcopy(value) for key, value in answers.items()
        if key not in asked and value is not None  # version, lifecycle, a typo to report
    }
    for step in path:
        for group in asked_groups(entity, step, answers):
            value = answers.get(group.key)
            if value is None:
                continue
            names = [q.path[-1] for q in group.questions]
            if group.single:
                out[group.key] = copy.deepcopy(value)
            elif group.repeated and isinstance(value, list):
                out[group.key] = [_only(item, names, group.key) for item in value]
            elif not group.repeated and isinstance(value, Mapping):
                out[group.key] = _only(value, names, group.key)
            else:
                out[group.key] = copy.deepcopy(value)  # the wrong shape: validation says so
    return out


def _merged(old: Any, new: Any) -> Any:
    """`new` over `old`, keeping what only `old` holds (answers another path asks)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        return {**old, **{k: _merged(old.get(k), v) for k, v in new.items()}}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [_merged(o, n) for o, n in zip(old, new, strict=True)]
    return copy.deepcopy(new)


def _marked_on(answers: Mapping[str, Any]) -> Any:
    lifecycle = answers.get("lifecycle")
    return lifecycle.get("registered_on") if isinstance(lifecycle, Mapping) else None


def _on_its_field(issue: Issue, answers: Mapping[str, Any]) -> Issue:
    """A marked registration date and the verification step's are one fact: the wizard only
    answers the step's, so a contradiction is that field's error, in words."""
    if issue.path != "lifecycle.registered_on" or not isinstance(answers.get("verification"),
                                                                 Mapping):
        return issue
    return Issue("verification.registered_on", Message(N_(
        "the account is marked registered on {day}: give the same date here, or mark it "
        "registered on the new date first"), day=_marked_on(answers)))


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
        purged: str | None = None,
    ) -> None:
        self.answers: dict[str, Any] = copy.deepcopy(dict(answers or {}))
        self.purged = purged  # the day its personal data was removed: read-only since
        self.answers.setdefault("version", rulebook.ANSWERS_VERSION)
        verification = self.answers.get("verification")
        marked = _marked_on(self.answers)
        if marked and isinstance(verification, dict) and not verification.get("registered_on"):
            # the day marked is the step's answer (one fact), not a blank beside it
            verification["registered_on"] = marked
        self.submitted: set[str] = set(submitted or ())
        self.extra_checks = extra_checks
        self._derived: tuple[str, Walk | None, dict[str, Any]] = ("", None, {})
        self._checked: dict[str, list[Issue]] = {}  # per step, for the answers derived
        self.current = current if current in self.path else START

    # -- the path ---------------------------------------------------------------------

    @property
    def entity(self) -> Entity | None:
        entity = self.answers.get("entity")
        return cast(Entity, entity) if entity in forms.VARIANTS else None

    def _derive(self) -> tuple[Walk, dict[str, Any]]:
        """What the statechart says of the answers, and the answers the path asks,
        recomputed only when an answer changes (the sidebar asks many times per keystroke).
        """
        key = json.dumps(self.answers, sort_keys=True, default=str)
        walk = self._derived[1]
        if key != self._derived[0] or walk is None:
            walk = registration_flow().walk(self.answers)
            self._derived = (key, walk, _asked(self.entity, list(walk.path), self.answers))
            self._checked = {}
        return walk, self._derived[2]

    @property
    def walk(self) -> Walk:
        """The statechart's walk of the answers: path, steps that may come, outcomes."""
        return self._derive()[0]

    @property
    def path(self) -> list[str]:
        """The steps the statechart takes for the current answers, the start included."""
        return list(self.walk.path)

    def status(self, step: str) -> StepStatus:
        """As the statechart says: a step off the path comes whatever the answers not given
        yet will be (ahead), for some of them (maybe), or not at all (off-path)."""
        walk = self.walk
        if step not in walk.path:
            return "ahead" if step in walk.ahead else "maybe" if step in walk.maybe \
                else "off-path"
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
        """Every step on the path submitted and passing its checks."""
        done, total = self.progress
        return total > 1 and done == total

    @property
    def is_draft(self) -> bool:
        """Still being filled in: a step not done, or the whole fails a cross-step rule.

        The one rule for "draft" that the portfolio, the checklist and the review follow.
        """
        return not (self.complete and self.result().ok)

    def wrong_answers(self) -> list[Issue]:
        """The answers given that break a rule. A missing answer is not wrong, only not given
        yet: a draft with nothing wrong can already have its "prepare" checklist.

        Before the entity is chosen, an answer is wrong when it is wrong on every path.
        """
        if self.entity is not None:
            return [i for i in self.result().errors if not i.missing]
        if self.answers.get("entity") is not None:  # an entity that is neither path
            return [i for i in self.result().errors if i.path == "entity"]
        on_each = [set(Wizard({**self.answers, "entity": e}, purged=self.purged).wrong_answers())
                   for e in forms.VARIANTS]
        return sorted(set.intersection(*on_each))

    @property
    def advisable(self) -> bool:
        """The account-type advisor helps here: at the step that asks the account type, for
        an entity that has a choice (forms.advisor.has_choice)."""
        return "account_type" in STEP[self.current].asks and has_choice(self.entity)

    @property
    def worth_keeping(self) -> bool:
        """A new registration is stored once it names its client; before, nothing is lost."""
        return bool(str(self.answers.get("client") or "").strip())

    # -- answering --------------------------------------------------------------------

    def check(self, step: str) -> list[Issue]:
        """The errors of one step's answers: the forms' rules (the ones that span steps too,
        once every answer is valid), then the cross-account ones.

        Only what the path asks is checked: an answer left from another path never blocks.
        A clash with another account is found as soon as its field is valid, while the rest
        of the step is still being filled in.
        """
        answers = self._derive()[1]
        if step not in self._checked:  # the sidebar asks for every step on each keystroke
            self._checked[step] = self._check(step, answers)
        return list(self._checked[step])

    def _check(self, step: str, answers: Mapping[str, Any]) -> list[Issue]:
        entity = answers.get("entity")
        if step != START and entity not in forms.VARIANTS:
            return [Issue("entity", N_("choose the entity first"))]
        found = forms.validate_step(entity or "china", step, answers,
                                    purged=self.purged is not None)
        keys = STEP[step].asks
        whole = self.result() if not found else None
        if whole is not None and whole.registration is not None:
            # Every answer is valid: a rule that spans steps blocks the step of its field.
            found = [i for i in (_on_its_field(e, answers) for e in whole.errors)
                     if _root(i.path) in keys]
        wrong = {i.path for i in found}
        return found + [i for i in self.extra_checks(step, answers)
                        if _root(i.path) in keys and i.severity == "error"
                        and i.path not in wrong]

    def warnings(self, step: str | None = None) -> list[Issue]:
        """What to tell but not block on: the forms' warnings, then the cross-account ones
        (an organization's account count); of one step's fields when `step` is given."""
        answers = self._derive()[1]
        extra = [i for i in self.extra_checks(START, answers) if i.severity == "warning"]
        found = [*self.result().warnings, *extra]
        if step is None:
            return found
        return [i for i in found if _root(i.path) in STEP[step].asks]

    def steps_naming(self, issues: Iterable[Issue]) -> list[str]:
        """The steps of the path, in order, that ask for a field these issues are about."""
        roots = {_root(i.path) for i in issues}
        return [step for step in self.path if roots & set(STEP[step].asks)]

    def update(self, values: Mapping[str, Any]) -> None:
        """Merge a step's answers into the draft without checking (autosave of typing).

        A done step whose answers change is done again only once it is submitted: an edit of
        a finished registration is finished when its steps are, not while it is typed.
        """
        before = self._meaning(self.current)
        self.answers.update(copy.deepcopy(dict(values)))
        if self.current in self.submitted and self._meaning(self.current) != before:
            self.submitted.discard(self.current)

    def _meaning(self, step: str) -> dict[str, Any]:
        """A step's answers as the rules read them (+86 139... and +86139... are one)."""
        answers = self._derive()[1]
        raw = {key: answers.get(key) for key in STEP[step].asks}
        return raw | normalized_step(self.entity, step, answers) if self.entity else raw

    def submit(self, values: Mapping[str, Any] | None = None) -> list[Issue]:
        """Record the current step's answers; move on only when they pass every rule."""
        if values:
            self.update(values)
        issues = self.check(self.current)
        if issues:
            return issues
        if self.entity:  # keep the answers as the rules read them: +86 139..., not 139...
            typed = normalized_step(self.entity, self.current, self._derive()[1],
                                    purged=self.purged is not None)
            self.answers = _merged(self.answers, typed)
        self.submitted.add(self.current)
        if self.current == START and self.entity:
            for key, value in STEP[START].presets.get(self.entity, {}).items():
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

    def reopen(self, refused: Iterable[Issue]) -> bool:
        """Open again the steps whose answers were refused (a save the store refused): those
        done that the issues name, else the current one if done, else the last; the first of
        them current. Whether the answers are now an unfinished registration."""
        refused = list(refused)
        path, done = self.path, self.submitted
        steps = ([s for s in self.steps_naming(refused) if s in done]
                 or [s for s in path if s == self.current and s in done]
                 or path[-1:])
        self.submitted -= set(steps)
        self.current = steps[0]
        return not self.complete

    # -- results ----------------------------------------------------------------------

    def registration_answers(self) -> dict[str, Any]:
        """The draft limited to what this client's path asks (and the file's own keys).

        Answers left over from another path or entity stay in the draft, so switching back
        restores them, but never reach validation, the store's checks or an export.
        """
        return copy.deepcopy(self._derive()[1])

    def result(self) -> forms.Result:
        return forms.validate(self.registration_answers(), purged=self.purged is not None)

    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "answers": copy.deepcopy(self.answers),
            "current": self.current,
            "submitted": sorted(self.submitted),
        }
        if self.purged is not None:
            state["purged"] = self.purged
        return state

    @classmethod
    def from_state(cls, state: Mapping[str, Any], extra_checks: ExtraChecks = _no_checks) -> Wizard:
        return cls(
            state.get("answers") or {},
            current=state.get("current", START),
            submitted=set(state.get("submitted") or ()),
            extra_checks=extra_checks,
            purged=state.get("purged") if isinstance(state.get("purged"), str) else None,
        )
