"""Portfolio rules: a registration's stage and status. Whether it is a draft is the
wizard's rule (`Wizard.is_draft`); what it still owes, and which of that has passed, is the
requirements model's (`forms.requirements`): a registration is overdue once a requirement
is past due.

The store keeps these rules' inputs as columns (`onboarding.store`): the stage, and the
earliest deadline of an obligation not done (`forms.requirements.earliest_obligation`); the
SQL form of `status` there is tested against this one.
"""

from __future__ import annotations

from datetime import date

from onboarding.i18n import N_, _

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


def not_purgeable(reg_id: int, stage: str) -> str | None:
    """Why a registration at this stage keeps its personal data, or None: only a verified
    account no longer needs it. Asked before anything else (a command asks for no
    confirmation of what it will refuse)."""
    if stage == VERIFIED:
        return None
    return _("registration {reg_id} is not verified yet: its personal data is still needed "
             "(it can be removed once the account is registered and verified)"
             ).format(reg_id=reg_id)


def stage(draft: bool, registered_on: date | None, verified_on: date | None) -> str:
    """The status that does not depend on today: draft, ready, registered or verified."""
    if draft:
        return DRAFT
    if verified_on:
        return VERIFIED
    return REGISTERED if registered_on else READY


def status(stage_now: str, earliest_obligation: date | None, on: date) -> str:
    """The status on a day: overdue once a requirement is past due, that is once the
    earliest obligation not done has passed (drafts excepted)."""
    if stage_now in (DRAFT, DAMAGED):
        return stage_now
    if earliest_obligation is not None and earliest_obligation < on:
        return OVERDUE
    return stage_now


# A client link's states (`onboarding.links`) as stored; "expired" is an open link past its
# time (never stored).
OPEN, ANSWERED, ACCEPTED, REVOKED, REPLACED = "open", "answered", "accepted", "revoked", \
    "replaced"
EXPIRED = "expired"
LIVE = (OPEN, ANSWERED)  # a registration has at most one live link
_STATE_WORDS = {OPEN: N_("link open"), ANSWERED: N_("link answered"),
                EXPIRED: N_("link expired")}


def state_word(state: str) -> str:
    """'link answered' in the interface's language (what the portfolio shows of it)."""
    return _(_STATE_WORDS.get(state, state))


EDITING = "✎"  # beside the status of a finished registration with an unfinished edit: a
# mark, not a word, so that the next deadline stays whole at 80 columns (the TUI's line under
# the table and `show` say it in words)


def status_text(status_now: str, link: str | None = None, edit_pending: bool = False) -> str:
    """The status as the portfolio says it (the TUI's table, `list`), an unfinished edit and
    a client link beside it: 'registered ✎', 'draft · link answered'."""
    words = [f"{status_word(status_now)} {EDITING}" if edit_pending else status_word(status_now)]
    if link is not None:
        words.append(state_word(link))
    return " · ".join(words)
