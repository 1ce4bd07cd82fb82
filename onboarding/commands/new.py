"""`onboarding new` (and `onboarding` alone): the terminal UI."""

from __future__ import annotations

import argparse
import sys

from onboarding.commands import SUMMARIES, open_registration
from onboarding.errors import CommandError
from onboarding.i18n import _
from onboarding.store import Refused


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help=_(SUMMARIES["new"]),
        description=_("Open the terminal UI straight on a new registration. Answers are saved "
        "to the portfolio after every step; `onboarding resume ID` continues later."),
    )
    p.set_defaults(new=True)  # no `run`: the CLI opens the TUI (onboarding.cli.open_tui)


def check_tui(args: argparse.Namespace) -> None:
    """Refuse, before the screen opens, what the terminal UI cannot do: an unknown or
    read-only registration (exit 1), no terminal. (A store that cannot be opened, its
    driver missing among them, is said by the store: for a wizard before the screen opens,
    for the portfolio from its loading worker, SQLAlchemy not imported before the frame.)
    The CLI (the top floor) then opens the TUI; no command imports another face."""
    open_id = getattr(args, "id", None)
    if open_id is not None:  # an unknown ID exits 1, as in every command
        store, record = open_registration(args, open_id)
        store.close()
        refusal = record.read_only()
        if refusal:
            raise Refused(refusal)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError(_("the terminal UI needs a terminal; see `onboarding --help` for the "
                             "commands that work in scripts"))
