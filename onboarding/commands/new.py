"""`onboarding new` (and `onboarding` alone): the terminal UI."""

from __future__ import annotations

import argparse

from onboarding.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="open the wizard on a new registration",
        description="Open the terminal UI straight on a new registration. Answers are saved "
        "to the portfolio after every step; `onboarding resume ID` continues later.",
    )
    p.set_defaults(run=lambda args: open_tui(args, new=True))


def open_tui(args: argparse.Namespace, *, new: bool = False, open_id: int | None = None) -> int:
    import sys

    from onboarding.cli import CommandError
    from onboarding.commands import open_registration
    from onboarding.locations import driver_problem

    if open_id is not None:  # an unknown ID exits 1, as in every command
        from onboarding.store import Refused

        store, record = open_registration(args, open_id)
        store.close()
        refusal = record.read_only()
        if refusal:
            raise Refused(refusal)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError(_("the terminal UI needs a terminal; see `onboarding --help` for the "
                             "commands that work in scripts"))
    problem = driver_problem(args.db)
    if problem:
        raise CommandError(problem)
    from onboarding.tui import run

    return run(args.db, new=new, open_id=open_id, lang=getattr(args, "lang", None))
