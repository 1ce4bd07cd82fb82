"""What `mark` and `purge` do to a stored registration's state: checked, then changed.

Pure functions over the opened state (no database): the `Store` calls them inside its
write transaction and stores what they return.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.personal import path_text, personal_values, removed
from onboarding import portfolio
from onboarding.i18n import _
from onboarding.store.errors import Refused
from onboarding.store.summary import Summary, answered_dates, summarize, with_marks

MARKS = {"registered": "registered_on", "verified": "verified_on", "paid": "paid_on",
         "submitted": "submitted_on"}
"""What `mark` records, and the lifecycle date each one sets."""


def marked(state: dict[str, Any], reg_id: int, what: str, on: date
           ) -> tuple[dict[str, Any], Summary]:
    """The state with the account registered, verified, paid (the bank transfer) or its
    verification submitted on `on`; Refused when it cannot be (the answers' own rules
    decide what fits: a payment with nothing to pay, a verification never requested)."""
    summary = summarize(state)
    reg = summary.result.registration if summary.result else None
    if reg is None or summary.columns["stage"] == portfolio.DRAFT:
        raise Refused(_("registration {reg_id} is still a draft: finish it first")
                        .format(reg_id=reg_id))
    dates = answered_dates(state.get("answers") or {})
    registered_on, verified_on = reg.registered_on, reg.verified_on
    if what == "registered":
        if verified_on and on > verified_on:
            raise Refused(_("it was verified on {verified_on}, before {on}")
                            .format(verified_on=verified_on, on=on))
    elif registered_on is None:
        raise Refused(_("registration {reg_id} is not registered yet: mark it registered "
                        "first").format(reg_id=reg_id))
    elif on < registered_on:
        raise Refused(_("it was registered on {registered_on}, after {on}")
                        .format(registered_on=registered_on, on=on))
    dates[MARKS[what]] = on
    after_state = with_marks(state, dates)
    after = summarize(after_state)
    clash = after.result.errors if after.result else []
    if clash:
        said = "; ".join(issue.render(_) for issue in clash)
        raise Refused(_("{what} on {on} does not fit the answers: {issues}")
                        .format(what=what, on=on, issues=said))
    return after_state, after


def purged(state: dict[str, Any], reg_id: int, on: date
           ) -> tuple[dict[str, Any], Summary, list[str]]:
    """The state without its personal answers, and the fields removed.

    Only a verified registration no longer needs them; removing them never changes its
    status or deadlines (checked: the derived columns must stay the same).
    """
    summary = summarize(state)
    refusal = portfolio.not_purgeable(reg_id, summary.columns["stage"])
    if refusal:
        raise Refused(refusal)
    answers = state.get("answers") or {}
    fields = [path_text(path) for path, _value in personal_values(answers)]
    kept = {**state, "answers": removed(answers), "purged": on.isoformat()}
    after = summarize(kept)
    if after.columns != summary.columns:
        raise Refused(_("registration {reg_id}: removing its personal data would change its "
                        "status or deadlines; nothing was removed").format(reg_id=reg_id))
    return kept, after, fields
