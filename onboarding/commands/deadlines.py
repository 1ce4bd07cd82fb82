"""`onboarding deadlines`: what is due across the portfolio, soonest first."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from onboarding.commands import day_count
from onboarding.i18n import _, ngettext, said

if TYPE_CHECKING:
    from onboarding.store import Due

REMIND_DAYS_BEFORE = 3


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "deadlines",
        help=_("what is due or past due across the portfolio"),
        description=_("List every dated requirement still to do across the portfolio (the "
        "last safe day to submit verification, verification windows, bank-transfer "
        "payments, the yearly renewal, short-term operators' terms ending), past due ones "
        "first (they read 'past due since DAY'), then soonest first. --ics writes them to a "
        "calendar file."),
    )
    p.add_argument("--within", type=day_count, metavar="DAYS",
                   help=_("only those due within DAYS days (past due ones always shown)"))
    p.add_argument("--ics", metavar="FILE", help=_("also write an iCalendar file, one event each"))
    p.add_argument("--force", action="store_true", help=_("replace the --ics FILE if it exists"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(run=run)


def ics(pairs: list[Due]) -> bytes:
    """The deadlines as an iCalendar file, one event (with a reminder) each."""
    from datetime import timedelta

    from icalendar import Alarm, Calendar, Event

    from onboarding.portfolio import flow_word
    from onboarding.term import plain

    cal = Calendar()
    cal.add("prodid", "-//wechat-onboarding//deadlines//EN")
    cal.add("version", "2.0")
    for n, d in enumerate(pairs):
        event = Event()
        event.add("uid", f"{d.registration_id}-{d.kind}-{d.due.isoformat()}-{n}@wechat-onboarding")
        event.add("summary", plain(f"{d.client}: {said(d.title)}"))
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("description", _("Registration #{id} ({flow}); due {rule}.").format(
            id=d.registration_id, flow=flow_word(d.flow), rule=said(d.rule)))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", plain(f"{d.client}: {said(d.title)}"))
        alarm.add("trigger", timedelta(days=-REMIND_DAYS_BEFORE))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from forms.clock import today
    from forms.requirements import State
    from onboarding.commands import open_portfolio
    from onboarding.errors import CommandError, reason
    from onboarding.locations import store_files
    from onboarding.outputs import OutputError, check_target, write_file
    from onboarding.term import json_text, plain, print_table

    on = today()
    target = Path(args.ics) if args.ics else None
    protected = store_files(args.db)
    if target is not None:  # a refused file is refused before the portfolio is read
        try:
            check_target(target, force=args.force, protected=protected)
        except OutputError as exc:
            raise CommandError(reason(exc)) from None
    pairs = open_portfolio(args).due(on, args.within)
    if target is not None:
        try:
            write_file(target, ics(pairs), force=args.force, protected=protected)
        except OutputError as exc:
            raise CommandError(reason(exc)) from None
        print(ngettext("wrote {ics} ({count} event)", "wrote {ics} ({count} events)", len(pairs))
                .format(ics=plain(args.ics), count=len(pairs)), file=sys.stderr)
    if args.json:
        print(json_text([
            {"id": d.registration_id, "client": d.client, "kind": d.kind, "title": d.title,
             "due": d.due.isoformat(), "days_left": d.days_left(on),
             "state": str(d.requirement().state(on))}
            for d in pairs
        ]))
        return 0
    if not pairs:
        print(_("Nothing due.") if args.within is None else ngettext(
            "Nothing due in the next {count} day.", "Nothing due in the next {count} days.",
            args.within).format(count=args.within))
        return 0
    rows, styles = [], []
    for d in pairs:
        requirement = d.requirement()
        state = requirement.state(on)
        rows.append([said(requirement.when(on)), f"#{d.registration_id}", d.client,
                     said(d.title)])
        styles.append("red" if state is State.PAST_DUE else
                      "yellow" if requirement.soon(on) else "")
    print_table([_("Due"), _("ID"), _("Client"), _("What")], rows, styles)
    return 0
