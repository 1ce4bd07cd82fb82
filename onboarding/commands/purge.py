"""`onboarding purge ID`: keep less — remove a verified registration's personal data."""

from __future__ import annotations

import argparse
import sys

from forms import sentences as fact
from onboarding.commands import SUMMARIES, confirmed, open_registration, registration_id
from onboarding.errors import CommandError
from onboarding.i18n import _
from onboarding.portfolio import not_purgeable
from onboarding.store.errors import Refused
from onboarding.term import plain


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "purge",
        help=_(SUMMARIES["purge"]),
        description=_("Once an account is registered and verified, its administrator's name, "
        "ID or passport number and mobile, the login email and the operators' names and "
        "WeChat IDs are no longer needed: remove them from the portfolio. Only their keyed "
        "hashes stay, so the cross-account limits still count the account; its status and "
        "deadlines go on, and the checklist and export show the fields as removed. Asks to "
        "confirm; --yes skips the question (needed when not run from a terminal). Exit 1 "
        "when the registration is not verified yet."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    p.add_argument("-y", "--yes", action="store_true", help=_("do not ask to confirm"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store, record = open_registration(args)
    label = f"#{record.id} {plain(record.client)}"
    if record.purged:
        print(_("{label}: its personal data was already removed on {purged}")
                .format(label=label, purged=record.purged))
        return 0
    refusal = not_purgeable(record.id, record.stage)
    if refusal:  # refused for what it is, before any question
        raise Refused(refusal)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError(_("not removing personal data without confirmation: add --yes"))
        if not confirmed(_("Remove the personal data of {label}: {REMOVES}? Only keyed "
                           "hashes stay. This cannot be undone. [y/N] ")
                         .format(label=label, REMOVES=_(fact.REMOVES))):
            print(_("kept"))
            return 0
    record, done, emptied = store.purge(record.id)
    if not done:  # another purge of it came first
        print(_("{label}: its personal data was already removed on {purged}")
                .format(label=label, purged=record.purged))
        return 0
    print(_("{label}: personal data removed on {purged}; the limits still count it")
            .format(label=label, purged=record.purged))
    if not emptied:
        print(_("onboarding: note: another program is using the store, so the removed values "
                "stay in its write-ahead log ({where}-wal) until every program using it has "
                "closed it").format(where=plain(store.where)), file=sys.stderr)
    return 0
