"""`onboarding checklist FILE|ID`: the printable checklist for the client."""

from __future__ import annotations

import argparse

from onboarding.commands import add_output_arguments


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "checklist",
        help="write the printable registration checklist (HTML or Markdown)",
        description="Render the client's checklist: what to prepare, every step with the "
        "value to enter, fees, deadlines and warnings. SOURCE is an answers file or the ID "
        "of a stored registration. Refuses an invalid registration (exit 1).",
    )
    p.add_argument("source", metavar="FILE|ID", help="answers file, or a portfolio ID")
    add_output_arguments(p, FORMATS, "md")
    p.add_argument(
        "--reveal", action="store_true", help="print ID, passport and mobile numbers in full"
    )
    p.set_defaults(run=run)


FORMATS = ("md", "html")
SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "md"}


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from forms.registration import validate
    from onboarding.answers import read_answers, shown_name
    from onboarding.checklist import build, render
    from onboarding.cli import EXIT_INVALID, CommandError
    from onboarding.commands import open_registration, parse_id, write_output
    from onboarding.outputs import OutputError, format_for
    from onboarding.term import plain

    try:
        fmt = format_for(args.format, args.output, SUFFIXES, "md")
    except OutputError as exc:
        raise CommandError(str(exc)) from None
    registered_on = verified_on = None
    purged = False
    label = shown_name(args.source)
    noted: list = []  # the portfolio's warnings about this registration
    reg_id = parse_id(args.source)
    if reg_id is None or Path(args.source).exists():  # a file named 12 is still a file
        from onboarding.answers import AnswersError

        try:
            data = read_answers(args.source)
        except AnswersError as exc:
            raise CommandError(str(exc)) from None
    else:
        store, record = open_registration(args, reg_id)
        data, registered_on, verified_on = (record.answers_file(), record.registered_on,
                                            record.verified_on)
        noted = [i for i in store.cross_account_issues(data, record.id)
                 if i.severity == "warning"]
        purged = record.purged is not None  # its removed fields show as removed
        label = f"#{record.id} {plain(record.client)}"
        if record.is_draft:
            done, total = record.progress()
            print(f"{label}: still a draft ({done}/{total or '?'} steps done): finish it in "
                  f"the wizard (onboarding resume {record.id}); no checklist written",
                  file=sys.stderr)
            return EXIT_INVALID
    result = validate(data, purged=purged)
    if result.registration is None or result.errors:
        for issue in result.errors:
            print(f"{label}: {plain(issue)}", file=sys.stderr)
        print(f"{label}: fix these errors first; no checklist written", file=sys.stderr)
        return EXIT_INVALID
    checklist = build(
        result.registration,
        registered_on=registered_on,
        verified_on=verified_on,
        reveal=args.reveal,
        warnings=[*result.warnings, *noted],
    )
    page = render(checklist, "html" if fmt == "html" else "md")
    write_output(args, page, fmt, private=args.reveal)
    return 0
