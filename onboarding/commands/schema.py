"""`onboarding schema`: the answers file's JSON Schema, for editors and scripts."""

from __future__ import annotations

import argparse

from forms import json_schema
from onboarding.commands import SUMMARIES
from onboarding.i18n import _
from onboarding.term import json_text


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema",
        help=_(SUMMARIES["schema"]),
        description=_("Print the JSON Schema (draft 2020-12) of the answers file, with every "
        "field's English label, Chinese term and help."),
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(json_text(json_schema()))
    return 0
