"""`onboarding deadlines`: what is due across the portfolio, soonest first."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from forms.clock import today
from forms.requirements import Kind, State
from onboarding import i18n
from onboarding.commands import SUMMARIES, day_count, open_portfolio
from onboarding.errors import CommandError, reason
from onboarding.i18n import _, ngettext, said
from onboarding.outputs import OutputError, check_target, write_file
from onboarding.portfolio import flow_word
from onboarding.store.files import store_files
from onboarding.term import json_text, plain, print_table

if TYPE_CHECKING:
    from onboarding.store import Due

REMIND_DAYS_BEFORE = 3


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "deadlines",
        help=_(SUMMARIES["deadlines"]),
        description=_("List every dated requirement still to do across the portfolio (the "
        "last safe day to submit verification, verification windows, bank-transfer "
        "payments, the yearly renewal, short-term operators' terms ending), past due ones "
        "first (they read 'past due since DAY'), then soonest first. --ics writes them to a "
        "calendar file."),
    )
    p.add_argument("--within", type=day_count, metavar="DAYS",
                   help=_("only those due within DAYS days (past due ones always shown)"))
    p.add_argument("--ics", metavar="FILE",
                   help=_("write them to an iCalendar file instead, one event each (- for "
                          "standard output); importing it again updates the events"))
    p.add_argument("--force", action="store_true", help=_("replace the --ics FILE if it exists"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(run=run)


def uid(due: Due) -> str:
    """An event's identity: the registration and what it owes, never its place in a list
    or its day, so a calendar importing the file again updates the event (a new day
    included) instead of adding another. An operator's term is one per operator: told
    apart by a digest of its title, which names the operator."""
    which = (f"-{sha256(due.title.encode()).hexdigest()[:12]}"
             if due.kind == Kind.OPERATOR_TERM else "")
    return f"{due.registration_id}-{due.kind}{which}@wechat-onboarding"


def ics(pairs: list[Due]) -> bytes:
    """The deadlines as an iCalendar file, one event (with a reminder) each."""
    from icalendar import Alarm, Calendar, Event

    colon = i18n.writing().colon  # "Lotus Tea: …", in Chinese "Lotus Tea：…"

    cal = Calendar()
    cal.add("prodid", "-//wechat-onboarding//deadlines//EN")
    cal.add("version", "2.0")
    for d in pairs:
        event = Event()
        event.add("uid", uid(d))
        summary = plain(f"{d.client}{colon}{said(d.title)}")
        event.add("summary", summary)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("description", _("Registration #{id} ({flow}); due {rule}.").format(
            id=d.registration_id, flow=flow_word(d.flow), rule=said(d.rule)))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(days=-REMIND_DAYS_BEFORE))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def run(args: argparse.Namespace) -> int:
    on = today()
    target = Path(args.ics) if args.ics and args.ics != "-" else None
    protected = store_files(args.db)
    if target is not None:  # a refused file is refused before the portfolio is read
        try:
            check_target(target, force=args.force, protected=protected)
        except OutputError as exc:
            raise CommandError(reason(exc)) from None
    pairs = open_portfolio(args).due(on, args.within)
    if args.ics == "-":  # the calendar is the document asked for
        sys.stdout.buffer.write(ics(pairs))
        return 0
    if target is not None:
        try:
            write_file(target, ics(pairs), force=args.force, protected=protected)
        except OutputError as exc:
            raise CommandError(reason(exc)) from None
        print(ngettext("wrote {ics} ({count} event)", "wrote {ics} ({count} events)", len(pairs))
                .format(ics=plain(args.ics), count=len(pairs)), file=sys.stderr)
        if not args.json:  # the file was asked for, not the table
            return 0
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
