"""`onboarding export ID`: a stored registration back to an answers file."""

from __future__ import annotations

import argparse
import sys

from onboarding import i18n
from onboarding.answers import dump_answers
from onboarding.commands import (
    SUMMARIES,
    add_output_arguments,
    open_registration,
    registration_id,
    write_output,
)
from onboarding.errors import CommandError, reason
from onboarding.i18n import _
from onboarding.outputs import OutputError, format_for


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help=_(SUMMARIES["export"]),
        description=_("Write a stored registration as an answers file (YAML or JSON) that "
        "`onboarding import` and `onboarding validate` read back unchanged."),
    )
    p.add_argument("id", type=registration_id, metavar="ID", help=_("registration ID (see list)"))
    add_output_arguments(p, FORMATS, "yaml", "FILE")
    p.set_defaults(run=run)


FORMATS = ("yaml", "json")
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def run(args: argparse.Namespace) -> int:
    try:
        fmt = format_for(args.format, args.output, SUFFIXES, "yaml")
    except OutputError as exc:
        raise CommandError(reason(exc)) from None
    _store, record = open_registration(args)
    if record.purged:
        print(_("onboarding: note: #{id}'s personal data was removed on {purged}: the file "
                "shows those fields as (removed) and cannot be imported as it is")
                .format(id=record.id, purged=record.purged),
              file=sys.stderr)
    text = dump_answers(record.answers_file(), fmt)
    # An answers file holds ID and passport numbers in clear: readable by its owner only.
    comma = i18n.writing().comma  # punctuated as the reader's language writes
    write_output(args, text, f"#{record.id} {record.client}{comma}{fmt}", private=True)
    return 0
