"""One module per sub-command: `add_parser(sub)` declares it, `run(args)` runs it.

Modules import only argparse at the top, so building the parser stays fast. What every
command shares lives here: the argument types, opening the portfolio, "ID -> registration",
and writing an output file.

Output policy (README "Exit codes and output"): what the command was asked for goes to
stdout (a document, a table, a report); errors, refusals and notes such as "wrote FILE"
go to stderr, one line each. Exit 0: fine; 1: the registration or the data asked for has
problems (invalid, refused, no such ID or flow); 2: the command could not run.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from forms.controls import printable
from onboarding.errors import CommandError, reason
from onboarding.i18n import _
from onboarding.outputs import OutputError, write_file
from onboarding.summaries import SUMMARIES as SUMMARIES  # each command declares itself with it

if TYPE_CHECKING:
    from onboarding.store import Record, Store


YES = ("y", "yes", "是", "是的", "对", "好", "确定")  # what a yes/no question takes as yes
NO = ("n", "no", "否", "不", "不是", "没有")  # ... and as no


def yes_no(answer: str) -> bool | None:
    """A typed yes or no, in either language (None: neither)."""
    said = answer.strip().lower()
    return True if said in YES else False if said in NO else None


def confirmed(question: str) -> bool:
    """A [y/N] question asked on the terminal; anything but a yes (in either language)
    keeps things as they are."""
    return yes_no(input(question)) is True


MAX_ID = 2_147_483_647  # the store's integer key (SQL INTEGER, 32-bit on PostgreSQL)
_ASCII_NUMBER = re.compile(r"[0-9]{1,10}")


def parse_id(text: str) -> int | None:
    """A portfolio ID written as ASCII digits, 1 to MAX_ID; None for anything else.

    `str.isdigit` would take '²' or '١'; a 20-digit number would overflow the store.
    """
    if not _ASCII_NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def registration_id(text: str) -> int:
    """argparse type for a portfolio ID."""
    number = parse_id(text)
    if number is None:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a registration ID (a number from 1 to {MAX_ID:,})")
              .format(text=text, MAX_ID=MAX_ID))
    return number


def day_count(text: str) -> int:
    """argparse type for a number of days from today: zero or more."""
    if not re.fullmatch(r"[0-9]{1,5}", text):
        raise argparse.ArgumentTypeError(_("{text!r} is not a number of days (0 to 99999)")
                                           .format(text=text))
    return int(text)


def iso_date(text: str) -> date:
    """argparse type for a day as YYYY-MM-DD."""
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a date (YYYY-MM-DD)")
                                           .format(text=text)) from None


def add_output_arguments(p: argparse.ArgumentParser, formats: tuple[str, ...], default: str,
                         what: str = "OUT") -> None:
    """-o OUT, --format and --force, the same for every command that writes a file."""
    p.add_argument("-o", "--output", metavar=what,
                   help=_("write here (default, or -: standard output)"))
    p.add_argument("--format", choices=formats,
                   help=_("{formats} (default: from {what}'s suffix; {default} on standard "
                          "output)").format(formats=" / ".join(formats), what=what,
                                            default=default))
    p.add_argument("--force", action="store_true",
                   help=_("replace {what} if it exists").format(what=what))


def open_portfolio(args: argparse.Namespace) -> Store:
    """The store --db names, opened (the store is SQLAlchemy's: loaded here, for every
    command that reads it)."""
    from onboarding.store import open_store

    store = open_store(args.db)
    OPENED.append(store)
    if store.key_created is not None:
        print(_("onboarding: note: made the store's key in {key_created}; back it up: without "
                "it the personal data in the store cannot be read")
                .format(key_created=printable(store.key_created)),
              file=sys.stderr)
    return store


OPENED: list[Store] = []  # closed by `onboarding.cli.main` when the command ends


def close_portfolios() -> None:
    """Close what the command opened: SQLite folds its write-ahead log back into the file."""
    while OPENED:
        OPENED.pop().close()


def open_registration(args: argparse.Namespace, reg_id: int | None = None
                      ) -> tuple[Store, Record]:
    """The portfolio and the registration `reg_id` (else `args.id`) names; an unknown ID
    exits 1."""
    store = open_portfolio(args)
    return store, store.get(args.id if reg_id is None else reg_id)


def write_output(args: argparse.Namespace, text: str | bytes, note: str, *,
                 private: bool = False) -> None:
    """The command's document to -o OUT (saying so on stderr), or to stdout without one.

    OUT is written atomically, never through a link, never over the store, and never
    over an existing file without --force.
    """
    from onboarding.store.files import store_files

    output = getattr(args, "output", None)
    if not output or output == "-":
        if isinstance(text, bytes):  # a PDF
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    try:
        write_file(Path(output), text, force=getattr(args, "force", False),
                   protected=store_files(args.db), private=private)
    except OutputError as exc:
        raise CommandError(reason(exc)) from None
    print(_("wrote {output} ({note})")
            .format(output=printable(output), note=printable(note)), file=sys.stderr)
