"""`onboarding list`: the portfolio at a glance."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from forms.clock import today
from onboarding.commands import SUMMARIES, open_portfolio
from onboarding.i18n import _, said
from onboarding.portfolio import flow_word
from onboarding.term import json_text, print_table

if TYPE_CHECKING:
    from datetime import date

    from onboarding.store import PortfolioRow


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "list",
        help=_(SUMMARIES["list"]),
        description=_("One row per registration: ID, client, path, progress (steps done / "
        "steps on its path), status (draft, ready, registered, verified, overdue: a "
        "requirement is past due) and the next deadline with the days left, or since when "
        "it is past due."),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(run=run)


def summary(row: PortfolioRow, on: date) -> dict[str, Any]:
    """One registration as the list shows it (also the JSON row)."""
    deadline = row.next
    return {
        "id": row.id,
        "client": row.client,
        "path": row.flow,
        "progress": [row.steps_done, row.steps_total],
        "status": row.status,
        "link": row.link,
        "next_deadline": None if deadline is None else {
            "title": deadline.title,
            "due": deadline.due.isoformat(),
            "days_left": deadline.days_left(on),
            "state": str(deadline.requirement().state(on)),
        },
    }


def run(args: argparse.Namespace) -> int:
    on = today()
    records = open_portfolio(args).rows(on)
    rows = [summary(r, on) for r in records]
    if args.json:
        print(json_text(rows))
        return 0
    if not rows:
        print(_("No registrations yet. Start one with `onboarding new`, or add answers files "
                "with `onboarding import FILE`."))
        return 0
    table, styles = [], []
    for record, row in zip(records, rows, strict=True):
        when = said(record.next.requirement().when(on)) if record.next else "-"
        table.append([
            str(row["id"]), row["client"], flow_word(row["path"]) or "-",
            record.progress_text(), record.status_text(), when,
        ])
        styles.append("red" if row["status"] == "overdue" else "")
    headers = [_("ID"), _("Client"), _("Path"), _("Progress"), _("Status"), _("Next deadline")]
    print_table(headers, table, styles, give=1)  # the client's name, never the deadline
    return 0

