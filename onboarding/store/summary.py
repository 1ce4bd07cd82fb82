"""The derived columns: what the portfolio views need, computed from the answers.

Every write recomputes them in its own transaction (and the migration for older stores),
so a view reads columns instead of rebuilding each registration's wizard. The answers
are the one truth: lifecycle dates live in their `lifecycle` section, and the columns
follow.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Connection

from forms import rulebook
from forms.registration import Result
from forms.requirements import earliest_obligation, kept, owed
from onboarding.i18n import _
from onboarding.portfolio import DAMAGED, stage
from onboarding.store.crypto import FieldCipher
from onboarding.store.sealing import DEADLINE_TITLE, EDIT, seal_state
from onboarding.store.tables import DEADLINES, DeadlineRow, RegistrationRow
from onboarding.wizard import Wizard

NO_CLIENT = "(no client name yet)"
CLIENT_LENGTH = rulebook.CLIENT_MAX  # the column's width (older stores may hold longer)


def jsonable(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as JSON holds them: dates become ISO strings (the forms accept both)."""
    return json.loads(json.dumps(dict(answers), default=_iso, ensure_ascii=False))


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(_("{kind} is not an answer value").format(kind=type(value).__name__))


def parse_state(value: Any) -> dict[str, Any]:
    """A stored state (JSON text or already parsed), checked for shape; ValueError if not."""
    if isinstance(value, str | bytes):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise ValueError(_("its answers are not JSON")) from None
    if not isinstance(value, dict):
        raise ValueError(_("its state is {kind}, not a mapping")
                           .format(kind=type(value).__name__))
    if not isinstance(value.get("answers", {}), dict):
        raise ValueError(_("its answers are not a mapping"))
    submitted = value.get("submitted", [])
    if not isinstance(value.get("purged", ""), str):
        raise ValueError(_("its purge date is unreadable"))
    if not isinstance(value.get("current", ""), str) or not (
            isinstance(submitted, list) and all(isinstance(s, str) for s in submitted)):
        raise ValueError(_("its place in the wizard is unreadable"))
    if EDIT in value:
        edit = value[EDIT]
        if not isinstance(edit, dict) or EDIT in edit:
            raise ValueError(_("its edit in progress is unreadable"))
        parse_state(edit)
    return value


def kept_apart(stored: Mapping[str, Any], edit: Mapping[str, Any]) -> dict[str, Any]:
    """A finished registration as it was, with an unfinished edit of it kept beside it.

    Its answers (and so its status, deadlines and person keys) stay the last valid ones
    until the edit is finished or dropped: a recorded registration is a fact.
    """
    return {**without_edit(stored), EDIT: without_edit(edit)}


def without_edit(state: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k != EDIT}


def state_of(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A complete wizard state for answers that arrive whole (an imported file)."""
    path = Wizard(answers).path
    return {"answers": dict(answers), "current": path[-1], "submitted": path}


LIFECYCLE_DATES = ("registered_on", "verified_on", "paid_on", "submitted_on")
"""The dates `mark` records, in the answers' `lifecycle` section (forms.steps.Lifecycle)."""


def answered_dates(answers: Mapping[str, Any]) -> dict[str, date]:
    """The lifecycle dates an answers document gives, read leniently (drafts too)."""
    def day(part: Any, key: str) -> date | None:
        value = part.get(key) if isinstance(part, Mapping) else None
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    lifecycle = answers.get("lifecycle")
    found = {key: day(lifecycle, key) for key in LIFECYCLE_DATES}
    found["registered_on"] = found["registered_on"] or day(answers.get("verification"),
                                                           "registered_on")
    return {k: v for k, v in found.items() if v is not None}


def with_marks(state: Mapping[str, Any], dates: Mapping[str, date | None]) -> dict[str, Any]:
    """The state with these lifecycle dates written into its answers' lifecycle section.

    A registration date already answered in the verification step follows the mark.
    Unchanged when the answers already say exactly these dates.
    """
    wanted = {k: dates[k] for k in LIFECYCLE_DATES if dates.get(k) is not None}
    if wanted == answered_dates(state.get("answers") or {}):
        return dict(state)
    marked: dict[str, Any] = copy.deepcopy(dict(state))
    answers = marked.setdefault("answers", {})
    answers["lifecycle"] = {k: v.isoformat() for k, v in wanted.items() if v is not None}
    verification = answers.get("verification")
    registered_on = wanted.get("registered_on")
    if isinstance(verification, dict) and verification.get("registered_on") and registered_on:
        verification["registered_on"] = registered_on.isoformat()
    return marked


def carry_marks(state: dict[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    """A save keeps the dates marked meanwhile: the wizard never edits the lifecycle."""
    lifecycle = (stored.get("answers") or {}).get("lifecycle")
    if not isinstance(lifecycle, Mapping):
        return state
    return with_marks(state, answered_dates({"lifecycle": lifecycle}))


@dataclass
class Summary:
    """The derived columns of one registration, and the requirements a store keeps (dated,
    not done: `forms.requirements.kept`)."""

    columns: dict[str, Any]
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    result: Result | None = None
    wizard: Wizard | None = None


def summarize(state: Mapping[str, Any], result: Result | None = None, *,
              whole: bool = False) -> Summary:
    """Everything the views show about a registration, from its state alone.

    `whole`: the state came whole from answers that passed validation (`result`), every
    step submitted (an import), so every step on its path is done without re-checking.
    """
    answers = state.get("answers") or {}
    wizard = Wizard.from_state(state)
    result = result if result is not None else wizard.result()
    reg = result.registration if result.ok else None
    if reg is not None:
        registered_on, verified_on = reg.registered_on, reg.verified_on
        found = owed(reg)
    else:
        dates = answered_dates(answers)
        registered_on, verified_on = dates.get("registered_on"), dates.get("verified_on")
        found = ()
    if whole and result.ok:
        done = total = len(wizard.path)
        draft = False
    else:
        done, total = wizard.progress
        draft = wizard.is_draft
    columns = {
        "client": client_of(answers),
        "flow": wizard.entity,
        "steps_done": done,
        "steps_total": total if wizard.entity else None,
        "stage": stage(draft, registered_on, verified_on),
        "registered_on": registered_on,
        "verified_on": verified_on,
        "obligation_due": earliest_obligation(found),
    }
    rows = [{"kind": str(r.kind), "obligation": r.obligation, "title": r.title[:300],
             "rule": r.rule[:200], "due": r.deadline, "personal": r.personal}
            for r in kept(found)]
    return Summary(columns, rows, result, wizard)


def damaged_summary() -> Summary:
    """What a registration this release cannot read shows: its ID and that it is damaged."""
    return Summary({"steps_done": 0, "steps_total": None, "stage": DAMAGED,
                    "registered_on": None, "verified_on": None, "obligation_due": None})


def client_of(answers: Mapping[str, Any]) -> str:
    client = answers.get("client")
    text = client.strip() if isinstance(client, str) else ""
    return (text or NO_CLIENT)[:CLIENT_LENGTH]


def deadline_rows(reg_id: int, summary: Summary, cipher: FieldCipher) -> list[dict[str, Any]]:
    """The deadlines as stored: a title naming a person (an operator) sealed."""
    rows = []
    for row in summary.deadlines:
        row = {"registration_id": reg_id, **row}
        if row.pop("personal", False):
            row["title"] = cipher.seal(row["title"], DEADLINE_TITLE)
        rows.append(row)
    return rows


def put_deadlines(conn: Connection, reg_id: int, summary: Summary, cipher: FieldCipher, *,
                  replace: bool = True) -> None:
    if replace:
        conn.execute(delete(DeadlineRow).where(DeadlineRow.registration_id == reg_id))
    if summary.deadlines:
        conn.execute(DEADLINES.insert(), deadline_rows(reg_id, summary, cipher))


def write_derived(conn: Connection, keys: Any, cipher: FieldCipher, reg_id: int, state: Any,
                  *, insert_deadlines: bool = False) -> None:
    """Recompute one stored registration's columns, keys and deadlines, and seal its
    personal answers (the migration: the state it gets is in clear)."""
    try:
        state = parse_state(state)
        summary = summarize(state)
    except ValueError:
        conn.execute(update(RegistrationRow).where(RegistrationRow.id == reg_id).values(
            damaged_summary().columns))
        return
    conn.execute(update(RegistrationRow).where(RegistrationRow.id == reg_id).values(
        state=seal_state(state, cipher), **summary.columns))
    keys.put(conn, reg_id, keys.of(state.get("answers") or {}))
    put_deadlines(conn, reg_id, summary, cipher, replace=not insert_deadlines)
