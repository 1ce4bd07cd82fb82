"""`onboarding remove ID`: delete a registration from the portfolio."""

from __future__ import annotations

import argparse
import sys

from onboarding.commands import SUMMARIES, confirmed, open_registration, registration_id
from onboarding.errors import CommandError
from onboarding.i18n import _
from onboarding.term import plain


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "remove",
        help=_(SUMMARIES["remove"]),
        description=_("Delete a registration from the portfolio. Asks to confirm; --yes skips "
        "the question (needed when not run from a terminal)."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    p.add_argument("-y", "--yes", action="store_true", help=_("do not ask to confirm"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store, record = open_registration(args)
    client = plain(record.client)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError(_("not removing without confirmation: add --yes"))
        if not confirmed(_("Remove #{id} {client}? This cannot be undone. [y/N] ")
                         .format(id=record.id, client=client)):
            print(_("kept"))
            return 0
    store.remove(record.id)
    print(_("removed #{id} {client}").format(id=record.id, client=client))
    return 0
