"""Today's date, in one place, so tests and demos can freeze it.

`ONBOARDING_TODAY=2026-11-25` pins the date for every rule and deadline.
"""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    pinned = os.environ.get("ONBOARDING_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()
