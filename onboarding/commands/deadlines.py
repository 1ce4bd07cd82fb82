"""`onboarding deadlines`: what is due across the portfolio, soonest first."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from onboarding.commands import day_count

if TYPE_CHECKING:
    from datetime import date

    from forms.schedule import Deadline
    from onboarding.store import Record

REMIND_DAYS_BEFORE = 3
URGENCY_STYLE = {"overdue": "red", "soon": "yellow", "later": "", "undated": ""}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "deadlines",
        help="what is due or overdue across the portfolio",
        description="List every dated deadline of the portfolio (verification windows, "
        "bank-transfer payments, yearly re-verification, short-term operators' expiry), "
        "overdue ones first, then soonest first. --ics writes them to a calendar file.",
    )
    p.add_argument("--within", type=day_count, metavar="DAYS",
                   help="only those due within DAYS days (overdue ones always shown)")
    p.add_argument("--ics", metavar="FILE", help="also write an iCalendar file, one event each")
    p.add_argument("--force", action="store_true", help="replace the --ics FILE if it exists")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(run=run)


def due_list(records: list[Record], on: date, within: int | None) -> list[tuple[Record, Deadline]]:
    """Dated deadlines still to meet (past obligations count as overdue), soonest first."""
    found = []
    for record in records:
        for d in record.deadlines():
            if d.due is None:
                continue
            if not d.still_open(on):
                continue  # an expired operator is history, not a task
            if within is not None and (d.due - on).days > within:
                continue
            found.append((record, d))
    return sorted(found, key=lambda pair: (pair[1].due, pair[0].id))


def ics(pairs: list[tuple[Record, Deadline]]) -> bytes:
    """The deadlines as an iCalendar file, one event (with a reminder) each."""
    from datetime import timedelta

    from icalendar import Alarm, Calendar, Event

    from onboarding.term import plain

    cal = Calendar()
    cal.add("prodid", "-//wechat-onboarding//deadlines//EN")
    cal.add("version", "2.0")
    for n, (record, d) in enumerate(pairs):
        assert d.due is not None
        event = Event()
        event.add("uid", f"{record.id}-{d.kind}-{d.due.isoformat()}-{n}@wechat-onboarding")
        event.add("summary", plain(f"{record.client}: {d.title}"))
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("description", f"Registration #{record.id} ({record.flow}); due {d.rule}.")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", plain(f"{record.client}: {d.title}"))
        alarm.add("trigger", timedelta(days=-REMIND_DAYS_BEFORE))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from forms.clock import today
    from forms.schedule import days_text
    from onboarding.cli import CommandError
    from onboarding.commands import open_portfolio
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
            raise CommandError(str(exc)) from None
    pairs = due_list(open_portfolio(args).list(), on, args.within)
    if target is not None:
        try:
            write_file(target, ics(pairs), force=args.force, protected=protected)
        except OutputError as exc:
            raise CommandError(str(exc)) from None
        events = "event" if len(pairs) == 1 else "events"
        print(f"wrote {plain(args.ics)} ({len(pairs)} {events})", file=sys.stderr)
    if args.json:
        print(json_text([
            {"id": r.id, "client": r.client, "kind": d.kind, "title": d.title,
             "due": d.due.isoformat() if d.due else None, "days_left": d.days_left(on)}
            for r, d in pairs
        ]))
        return 0
    if not pairs:
        span = f" in the next {args.within} days" if args.within is not None else ""
        print(f"Nothing due{span}.")
        return 0
    rows, styles = [], []
    for record, d in pairs:
        days = d.days_left(on) or 0
        rows.append([str(d.due), days_text(days), f"#{record.id}", record.client, d.title])
        styles.append(URGENCY_STYLE[d.urgency(on)])
    print_table(["Due", "When", "ID", "Client", "What"], rows, styles)
    return 0
