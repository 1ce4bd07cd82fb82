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
        "--reveal", action="store_true", help="print ID, passport and mobile numbers in full"
    )
    p.set_defaults(run=run)


SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "md"}


def output_format(explicit: str | None, output: str | None) -> str:
    """--format, else OUT's suffix; an unknown suffix is refused rather than guessed."""
    from pathlib import Path

    from onboarding.cli import CommandError

    if explicit:
        return explicit
    if not output:
        return "md"
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        raise CommandError(f"{output}: cannot tell the format from {suffix or 'no suffix'!r}; "
                           "name it .html (print that to PDF from a browser) or .md, or "
                           "give --format")
    return SUFFIX_FORMATS[suffix]


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from forms.registration import validate
    from onboarding.answers import AnswersError, load_answers
    from onboarding.checklist import build, render
    from onboarding.cli import EXIT_INVALID, CommandError
    from onboarding.commands import write_output

    fmt = output_format(args.format, args.output)
    registered_on = verified_on = None
    label = args.source
    path = Path(args.source)
    if path.exists() or not args.source.isdigit():
        try:
            data = load_answers(path)
        except AnswersError as exc:
            raise CommandError(str(exc)) from None
    else:
        from onboarding.store import open_store

        record = open_store(args.db).get(int(args.source))
        data, registered_on, verified_on = (record.answers_file(), record.registered_on,
                                            record.verified_on)
        label = f"#{record.id} {record.client}"
        if record.is_draft:
            done, total = record.progress()
            print(f"{label}: still a draft ({done}/{total or '?'} steps done): finish it in "
                  f"the wizard (onboarding resume {record.id}); no checklist written",
                  file=sys.stderr)
            return EXIT_INVALID
    result = validate(data)
    if result.registration is None or result.errors:
        for issue in result.errors:
            print(f"{label}: {issue}", file=sys.stderr)
        print(f"{label}: fix these errors first; no checklist written", file=sys.stderr)
        return EXIT_INVALID
    checklist = build(
        result.registration,
        registered_on=registered_on,
        verified_on=verified_on,
        reveal=args.reveal,
        warnings=result.warnings,
    )
    write_output(args.output, render(checklist, fmt), fmt)
    return 0
