"""`onboarding mark ID registered|verified|paid|submitted`: record a lifecycle date."""

from __future__ import annotations

import argparse
import sys

from forms.clock import today
from forms.figures import fill
from onboarding.commands import SUMMARIES, iso_date, open_registration, registration_id
from onboarding.i18n import N_, _, said
from onboarding.term import paint, plain


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "mark",
        help=_(SUMMARIES["mark"]),
        description=fill(_(
            "Record the day WeChat created the account (registered: the verification window "
            "and the bank-transfer payment's {BANK_TRANSFER_WINDOW} start), approved its "
            "verification (verified: the yearly renewal starts; mark it again when a renewal "
            "is approved), the bank-transfer verification amount was paid (paid), or the "
            "verification application was submitted (submitted). What the registration owes "
            "follows. Exit 1 when the registration refuses the date (a draft, a day after "
            "today or before the platform opened or the registration, a payment without "
            "bank-transfer authentication, a verification the answers decline); 2 when DATE "
            "is not a date."), _),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    p.add_argument("what", choices=("registered", "verified", "paid", "submitted"),
                   help=_("which date to record"))
    p.add_argument("--on", type=iso_date, metavar="DATE", help=_("YYYY-MM-DD (default: today)"))
    p.set_defaults(run=run)


DONE = {
    "registered": N_("#{id} {client}: registered on {day}"),
    "verified": N_("#{id} {client}: verified on {day}"),
    "paid": N_("#{id} {client}: paid on {day}"),
    "submitted": N_("#{id} {client}: verification submitted on {day}"),
}


def run(args: argparse.Namespace) -> int:
    on = today()
    store, record = open_registration(args)
    day = args.on or on
    record = store.mark(record.id, args.what, day)
    print(_(DONE[args.what]).format(id=record.id, client=plain(record.client), day=day))
    for issue in record.noted():
        warning = paint(_("warning"), "yellow")
        print(f"{plain(issue.path)}: {warning}: {plain(issue.text(_))}", file=sys.stderr)
    nxt = record.next_deadline(on)
    if nxt is not None:
        print(_("next: {title}: {when}")
              .format(title=plain(said(nxt.title)), when=said(nxt.when(on))))
    return 0
