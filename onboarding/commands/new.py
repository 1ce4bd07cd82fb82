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
    read-only registration (exit 1), no terminal, a store driver that is not installed for
    a wizard (the portfolio's screen is drawn first and says it from its loading worker,
    as it says every store that cannot be opened: SQLAlchemy is not imported before it).
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
    if getattr(args, "new", False):
        from onboarding.store.files import driver_problem

        problem = driver_problem(args.db)
        if problem:
            raise CommandError(problem)
