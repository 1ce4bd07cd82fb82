"""Personal values sealed in the stored answers, field by field.

Only the values `forms.personal` names are sealed, each bound to its field's path; the
rest of the document (entity, organization, profile, dates, the wizard's place) stays
readable and queryable. A stored registration is opened when it is read, never in the
portfolio views, which read derived columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.personal import path_text, replace_personal
from onboarding.store.crypto import FieldCipher, SealError, is_sealed

DEADLINE_TITLE = "deadlines.title"  # where a deadline's title naming a person is sealed
EDIT = "edit"  # a finished registration's unfinished edit, a state kept beside its answers


def seal_state(state: Mapping[str, Any], cipher: FieldCipher) -> dict[str, Any]:
    """The state as it is stored: every personal answer sealed (an edit's too)."""
    return _each_answers(state, lambda path, value: cipher.seal(value, path_text(path)))


def open_state(state: Mapping[str, Any], cipher: FieldCipher) -> dict[str, Any]:
    """The stored state with its personal answers opened; SealError when one does not."""
    return _each_answers(state, lambda path, value: cipher.open(value, path_text(path)))


def _each_answers(state: Mapping[str, Any], change: Any) -> dict[str, Any]:
    out = dict(state)
    answers = state.get("answers")
    if isinstance(answers, Mapping):
        out["answers"] = replace_personal(answers, change)
    if isinstance(state.get(EDIT), Mapping):
        out[EDIT] = _each_answers(state[EDIT], change)
    return out


def reseal_state(state: Mapping[str, Any], old: FieldCipher, new: FieldCipher
                 ) -> dict[str, Any]:
    """The stored state sealed with another key (a rotation); no rule is involved."""
    return seal_state(open_state(state, old), new)


def open_title(title: str, cipher: FieldCipher) -> str:
    """A deadline's title as stored: sealed when it names a person, else as it is."""
    if not is_sealed(title):
        return title
    try:
        opened = cipher.open(title, DEADLINE_TITLE)
    except SealError:
        return "(a deadline whose title does not open with this key)"
    return str(opened)


__all__ = ["DEADLINE_TITLE", "EDIT", "SealError", "open_state", "open_title", "reseal_state",
           "seal_state"]
