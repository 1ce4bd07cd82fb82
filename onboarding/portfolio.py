"""Portfolio rules: a registration's stage and status, its earliest obligation, its next
deadline. Whether it is a draft is the wizard's rule (`Wizard.is_draft`); which deadlines
are obligations and which are still open is the schedule's (`forms.schedule`).

The store keeps these rules' inputs as columns (`onboarding.store`); the SQL forms of
`status` and "still open" there are tested against these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from forms.schedule import OBLIGATIONS
from onboarding.i18n import N_, _

if TYPE_CHECKING:
    from forms.schedule import Deadline
DRAFT, READY, REGISTERED, VERIFIED, OVERDUE = "draft", "ready", "registered", "verified", "overdue"
DAMAGED = "damaged"  # a stored registration this release cannot read
STATUSES = (DRAFT, READY, REGISTERED, VERIFIED, OVERDUE)
# A status as a person reads it (the status itself is a key: JSON, the store, --json).
_STATUS_WORDS = {DRAFT: N_("draft"), READY: N_("ready"), REGISTERED: N_("registered"),
                 VERIFIED: N_("verified"), OVERDUE: N_("overdue"), DAMAGED: N_("damaged")}


# A path by its name, as the Path column and the filter say it (its key stays in JSON).
FLOWS = {"china": N_("China"), "overseas": N_("Overseas")}


def flow_word(flow: str | None) -> str:
    """A path ('china', 'overseas') by its name in the interface's language ('China',
    '中国大陆'); '' when none is chosen."""
    return _(FLOWS[flow]) if flow in FLOWS else (flow or "")


def status_word(status_now: str) -> str:
    """'draft', 'overdue'... in the interface's language."""
    return _(_STATUS_WORDS.get(status_now, status_now))


def stage(draft: bool, registered_on: date | None, verified_on: date | None) -> str:
    """The status that does not depend on today: draft, ready, registered or verified."""
    if draft:
        return DRAFT
    if verified_on:
        return VERIFIED
    return REGISTERED if registered_on else READY


def obligation_due(deadlines: Iterable[Deadline]) -> date | None:
    """The earliest obligation: once it has passed, the registration is overdue."""
    dates = [d.due for d in deadlines if d.due is not None and d.kind in OBLIGATIONS]
    return min(dates, default=None)


def status(stage_now: str, earliest_obligation: date | None, on: date) -> str:
    """The status on a day: overdue once an obligation's day has passed (drafts excepted)."""
    if stage_now in (DRAFT, DAMAGED):
        return stage_now
    if earliest_obligation is not None and earliest_obligation < on:
        return OVERDUE
    return stage_now


def next_deadline(deadlines: Iterable[Deadline], on: date) -> Deadline | None:
    """The soonest deadline still open (`Deadline.still_open`), or None."""
    dated = [d for d in deadlines if d.still_open(on)]
    return min(dated, key=lambda d: d.due or date.max, default=None)
