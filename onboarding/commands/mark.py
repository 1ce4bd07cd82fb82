"""`onboarding mark ID registered|verified`: record a lifecycle date."""

from __future__ import annotations

import argparse

from onboarding.commands import iso_date, registration_id
from onboarding.i18n import _, said


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "mark",
        help=_("record that an account was registered or verified"),
        description=_("Record the day WeChat created the account (registered: the verification "
        "window starts) or verified it (the yearly renewal starts). Deadlines follow. "
        "Exit 1 when the registration refuses the date (a draft, a day after today or "
        "before the platform opened, verified before registered); 2 when DATE is not a "
        "date."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    p.add_argument("what", choices=("registered", "verified"), help=_("which date to record"))
    p.add_argument("--on", type=iso_date, metavar="DATE", help=_("YYYY-MM-DD (default: today)"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from forms.clock import today
    from forms.schedule import days_text
    from onboarding.commands import open_registration
    from onboarding.term import plain

    on = today()
    store, record = open_registration(args)
    record = store.mark(record.id, args.what, args.on or on)
    day = record.registered_on if args.what == "registered" else record.verified_on
    done = _("#{id} {client}: registered on {day}") if args.what == "registered" else \
        _("#{id} {client}: verified on {day}")
    print(done.format(id=record.id, client=plain(record.client), day=day))
    nxt = record.next_deadline(on)
    if nxt and nxt.due:
        said_when = _("next: {title} by {due} ({when})") if nxt.kind.is_obligation else \
            _("next: {title} on {due} ({when})")  # news (a renewal opens): on its day
        print(said_when.format(title=plain(said(nxt.title)), due=nxt.due,
                      when=said(days_text(nxt.days_left(on) or 0))))
    return 0
