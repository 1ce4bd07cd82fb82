"""`onboarding resume ID`: continue a registration in the terminal UI."""

from __future__ import annotations

import argparse

from onboarding.commands import SUMMARIES, registration_id
from onboarding.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "resume",
        help=_(SUMMARIES["resume"]),
        description=_("Open the terminal UI on a stored registration, at the step where it "
        "was left, with its answers."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    # No `run`: the CLI opens the TUI on it; an unknown ID exits 1 before the screen opens.
