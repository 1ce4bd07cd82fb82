"""The client's own part, by link: what a link opens, what the client is asked and what they
changed, and how their answers land in the registration once the consultant accepts them.

A link opens some *parts* of one registration to its client: answer keys the wizard asks
(the administrator, the operators, the organization, the profile), each asked with the
wizard's own questions (`questions.asked_groups`) and checked with its own rules
(`Wizard.check`, the portfolio's limits among them). The client's answers are kept apart
from the registration (sealed, in the store's `client_links`) until the consultant accepts
them; accepting submits them at their steps as the wizard would. The store keeps links;
the faces (web page, command line, terminal UI) call these functions and hold no rule.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from forms.issues import Issue
from forms.registry import START, STEP, step_of
from onboarding.i18n import _
from onboarding.questions import Group, asked_groups, described
from onboarding.store.audit import changed_fields
from onboarding.wizard import ExtraChecks, Wizard

PARTS: tuple[str, ...] = ("admin", "operators", "organization", "profile")
"""The parts a link may open, in the order the client's page asks them (the parts a client
knows better than the consultant; the path, the account type and the email stay with the
consultant)."""
PAGE_ORDER = ("organization", "admin", "profile", "operators")  # as the wizard asks them
DEFAULT_HOURS = 72
MOST_HOURS = 30 * 24

class LinkError(ValueError):
    """A request about a link that cannot be met: one line for the person."""


def parse_parts(text: str) -> tuple[str, ...]:
    """'admin,operators' -> ('admin', 'operators') in page order; LinkError for anything
    else (an unknown part, none at all)."""
    given = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in given if p not in PARTS]
    if unknown or not given:
        raise LinkError(_("{given!r} is not a list of parts: choose from {parts}, "
                          "separated by commas").format(given=text, parts=",".join(PARTS)))
    return ordered(given)


def ordered(parts: Iterable[str]) -> tuple[str, ...]:
    wanted = set(parts)
    return tuple(p for p in PAGE_ORDER if p in wanted)


def part_step(part: str) -> str:
    """The wizard step that asks a part ('admin' -> 'organization')."""
    step = step_of(part)
    if step is None or step == START:
        raise KeyError(part)  # a part no step asks: a programming error
    return step


def openable(answers: Mapping[str, Any], parts: Sequence[str]) -> str | None:
    """Why these parts of a registration cannot be opened to its client, or None."""
    entity = answers.get("entity")
    if entity not in ("china", "overseas"):
        return _("choose the entity first: the client's questions depend on it")
    path = Wizard(answers).path
    off = [p for p in parts if part_step(p) not in path]
    if off:
        return _("{parts}: not on this registration's path").format(parts=", ".join(off))
    return None


def part_group(entity: str | None, part: str, answers: Mapping[str, Any]) -> Group:
    """The questions of one part, as the wizard asks them at its step."""
    groups = asked_groups(entity, part_step(part), answers)
    return next(g for g in groups if g.key == part)


def client_answers(answers: Mapping[str, Any], given: Mapping[str, Any],
                   parts: Sequence[str]) -> dict[str, Any]:
    """The registration's answers with the client's own for the parts the link opens."""
    merged = copy.deepcopy(dict(answers))
    merged.update({k: copy.deepcopy(v) for k, v in given.items() if k in parts})
    return merged


def client_wizard(state: Mapping[str, Any], given: Mapping[str, Any], parts: Sequence[str],
                  checks: ExtraChecks | None = None) -> Wizard:
    """The registration as the client's page checks it: where the wizard would resume it
    (an unfinished edit, if any), with the client's answers in their parts."""
    resumed = state.get("edit") if isinstance(state.get("edit"), Mapping) else state
    assert isinstance(resumed, Mapping)
    merged = {**resumed, "answers": client_answers(resumed.get("answers") or {}, given, parts)}
    return Wizard.from_state(merged, checks) if checks else Wizard.from_state(merged)


def _root(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


def issues(wizard: Wizard, parts: Sequence[str]) -> list[Issue]:
    """What the client must fix in their parts before sending: the wizard's errors of those
    parts' fields (a missing answer, a broken rule, the portfolio's limits)."""
    steps = dict.fromkeys(part_step(p) for p in parts)
    return [i for step in steps for i in wizard.check(step) if _root(i.path) in parts]


def warnings(wizard: Wizard, parts: Sequence[str]) -> list[Issue]:
    return [i for i in wizard.warnings() if _root(i.path) in parts]


_PATH = re.compile(r"([a-z_]+)(?:\[(\d{1,2})\])?(?:\.([a-z_]+))?")


def answer_at(answers: Mapping[str, Any], path: str) -> Any:
    """The answer at a path as issues name it ('operators[1].term'), or None."""
    match = _PATH.fullmatch(path)
    if match is None:
        return None
    part, index, name = match.groups()
    value = answers.get(part)
    if index is not None:
        value = value[int(index)] if isinstance(value, list) and int(index) < len(value) \
            else None
    if name is not None:
        value = value.get(name) if isinstance(value, Mapping) else None
    return value


def changed(before: Mapping[str, Any], given: Mapping[str, Any], parts: Sequence[str]
            ) -> list[str]:
    """The fields (paths) the client's answers change in the registration's."""
    keys = [p for p in parts if p in given]
    return changed_fields({k: before.get(k) for k in keys}, {k: given[k] for k in keys})


def change_lines(entity: str | None, before: Mapping[str, Any], given: Mapping[str, Any],
                 parts: Sequence[str], shown: Any) -> list[str]:
    """What the client changed, one line a field by its name as the wizard names it:
    'Administrator's name (管理员姓名): 王芳 → 赵敏'; `shown(path, value)` says a value (masked
    or not, as the face chooses)."""
    lines = []
    for path in changed(before, given, parts):
        old, new = shown(path, answer_at(before, path)), shown(path, answer_at(given, path))
        lines.append(described(entity, Issue(path, "-"), f"{old} → {new}"))
    return lines


def accepted(state: Mapping[str, Any], given: Mapping[str, Any], parts: Sequence[str],
             checks: ExtraChecks | None = None) -> dict[str, Any]:
    """The registration's state with the client's answers submitted at their steps, as if
    typed in the wizard: a step whose answers pass every rule is done, one that does not
    is left open with them. The wizard stays where it was unless that step is now done."""
    resumed = state.get("edit") if isinstance(state.get("edit"), Mapping) else state
    assert isinstance(resumed, Mapping)
    wizard = Wizard.from_state(resumed, checks) if checks else Wizard.from_state(resumed)
    here = wizard.current
    for step in wizard.path:
        values = {k: copy.deepcopy(given[k]) for k in STEP[step].asks
                  if k in parts and k in given}
        if values:
            wizard.current = step
            wizard.submit(values)
    path = wizard.path
    if here in path and not wizard.is_done(here):
        wizard.current = here
    else:
        wizard.current = next((s for s in path if not wizard.is_done(s)), path[-1])
    return wizard.state()
