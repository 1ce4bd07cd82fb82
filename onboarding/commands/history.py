"""`onboarding history [ID]`: the audit trail — who changed what, and when."""

from __future__ import annotations

import argparse

from onboarding.commands import SUMMARIES, open_portfolio, registration_id
from onboarding.i18n import _
from onboarding.term import json_text, plain


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "history",
        help=_(SUMMARIES["history"]),
        description=_("Every write to a registration (import, wizard saves, mark, purge, "
        "remove), oldest first: when, who (the consultant_name setting, else the "
        "operating-system user), through which face, and the fields changed — never their "
        "values. Without ID: the whole store's trail, key rotations included. A removed "
        "registration's trail stays."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", nargs="?",
                   help=_("registration ID (see list); none: the whole store"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_portfolio(args)
    entries = store.history(args.id)
    if args.json:
        print(json_text([e.as_json() for e in entries]))
        return 0
    if not entries:
        print(_("no changes recorded yet"))
    for entry in entries:
        print(plain(entry.line(with_id=args.id is None)))
    return 0
