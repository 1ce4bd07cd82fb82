"""`onboarding checklist FILE|ID`: the printable checklist for the client."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "checklist",
        help="write the printable registration checklist (HTML or Markdown)",
        description="Render the client's checklist: what to prepare, every step with the "
        "value to enter, fees, deadlines and warnings. SOURCE is an answers file or the ID "
        "of a stored registration. Refuses an invalid registration (exit 1).",
    )
    p.add_argument("source", metavar="FILE|ID", help="answers file, or a portfolio ID")
    p.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    p.add_argument(
        "--format",
        choices=("md", "html"),
        help="md or html (default: from OUT's suffix; md on stdout)",
    )
    p.add_argument(
        "--reveal", action="store_true", help="print ID and passport numbers in full"
    )
    p.set_defaults(run=run)


def output_format(explicit: str | None, output: str | None) -> str:
    if explicit:
        return explicit
    if output and output.lower().endswith((".html", ".htm")):
        return "html"
    return "md"


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from forms.registration import validate
    from onboarding.answers import AnswersError, load_answers
    from onboarding.checklist import build, render
    from onboarding.cli import EXIT_INVALID, CommandError
    from onboarding.commands import write_output

    registered_on = verified_on = None
    path = Path(args.source)
    if path.exists() or not args.source.isdigit():
        try:
            data = load_answers(path)
        except AnswersError as exc:
            raise CommandError(str(exc)) from None
    else:
        from onboarding.store import open_store

        record = open_store(args.db).get(int(args.source))
        data, registered_on, verified_on = record.answers, record.registered_on, record.verified_on
    result = validate(data)
    if result.registration is None or result.errors:
        for issue in result.errors:
            print(f"{args.source}: {issue}", file=sys.stderr)
        print(f"{args.source}: fix these errors first; no checklist written", file=sys.stderr)
        return EXIT_INVALID
    checklist = build(
        result.registration,
        registered_on=registered_on,
        verified_on=verified_on,
        reveal=args.reveal,
        warnings=result.warnings,
    )
    fmt = output_format(args.format, args.output)
    write_output(args.output, render(checklist, fmt), fmt)
    return 0
