"""`onboarding export ID`: a stored registration back to an answers file."""

from __future__ import annotations

import argparse

from onboarding.commands import registration_id


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write a registration back to an answers file",
        description="Write a stored registration as an answers file (YAML or JSON) that "
        "`onboarding import` and `onboarding validate` read back unchanged.",
    )
    p.add_argument("id", type=registration_id, metavar="ID", help="registration ID (see list)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    p.add_argument("--format", choices=("yaml", "json"),
                   help="yaml or json (default: from FILE's suffix; yaml on stdout)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from onboarding.answers import dump_answers
    from onboarding.commands import write_output
    from onboarding.store import open_store

    record = open_store(args.db).get(args.id)
    fmt = args.format or ("json" if (args.output or "").lower().endswith(".json") else "yaml")
    text = dump_answers(record.answers_file(), fmt)
    write_output(args.output, text, f"#{record.id} {record.client}, {fmt}")
    return 0
