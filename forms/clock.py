"""Today's date, in one place, so tests and demos can freeze it.

`ONBOARDING_TODAY=2026-11-25` pins the date for every rule and deadline.
"""

from __future__ import annotations

import os
from datetime import date

from forms.words import N_, Message

# A pinned day far enough from the ends of the calendar for every deadline counted from it
# (years ahead, `deadlines --within` up to 99,999 days) to be a day Python can hold.
EARLIEST, LATEST = date(1900, 1, 1), date(9000, 12, 31)


class ClockError(ValueError):
    """The pinned date cannot be read; every command refuses to run on a wrong today."""


def today() -> date:
    pinned = os.environ.get("ONBOARDING_TODAY")
    if not pinned:
        return date.today()
    try:
        day = date.fromisoformat(pinned)
    except ValueError:
        raise ClockError(Message(N_("ONBOARDING_TODAY must be a date like 2026-11-25, not "
                                    "{given!r}"), given=pinned)) from None
    if not EARLIEST <= day <= LATEST:
        raise ClockError(Message(N_("ONBOARDING_TODAY must be a day from {earliest} to "
                                    "{latest}, not {given!r}"), earliest=EARLIEST.isoformat(),
                                 latest=LATEST.isoformat(), given=pinned))
    return day
