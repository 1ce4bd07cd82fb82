"""`onboarding checklist FILE|ID`: the printable checklist for the client."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from onboarding import i18n
from onboarding.answers import AnswersError, read_answers, shown_name
from onboarding.checklist import (
    SUFFIXES,
    NotReady,
    checklist_for,
    default_path,
    from_answers,
    render,
)
from onboarding.checklist.pdf import PdfError
from onboarding.commands import (
    SUMMARIES,
    add_output_arguments,
    open_registration,
    parse_id,
    write_output,
)
from onboarding.errors import EXIT_INVALID, CommandError
from onboarding.i18n import _
from onboarding.outputs import OutputError, format_for
from onboarding.settings import SettingsError, settings
from onboarding.term import plain

FORMATS = ("md", "html", "pdf")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "checklist",
        help=_(SUMMARIES["checklist"]),
        description=_("Render the client's checklist: what to prepare, every step with the "
        "value to enter, fees, deadlines and warnings. FILE|ID is an answers file or the ID "
        "of a stored registration. A draft with nothing wrong gets a 'prepare' checklist "
        "(what to have ready, the steps ahead); a wrong answer is refused (exit 1). PDF "
        "needs the pdf extra; without -o it is written to the checklist folder."),
    )
    p.add_argument("source", metavar="FILE|ID", help=_("answers file, or a portfolio ID"))
    add_output_arguments(p, FORMATS, "md")
    p.add_argument(
        "--lang", dest="document_lang", choices=i18n.LANGUAGES,
        help=_("the checklist's language, on its own (default: the interface's; the messages "
        "stay in the interface's)"),
    )
    p.add_argument(
        "--reveal", action="store_true",
        help=_("print ID, passport and mobile numbers in full (the file is marked CONFIDENTIAL "
        "and readable by you only)"),
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        fmt = format_for(args.format, args.output, SUFFIXES, "md")
    except OutputError as exc:
        raise CommandError(str(exc)) from None
    registered_on = verified_on = None
    label = shown_name(args.source)
    reg_id = parse_id(args.source)
    if reg_id is None or Path(args.source).exists():  # a file named 12 is still a file

        try:
            wizard = from_answers(read_answers(args.source))
        except AnswersError as exc:
            raise CommandError(str(exc)) from None
    else:
        store, record = open_registration(args, reg_id)
        # as the wizard holds it, the portfolio's warnings with it
        wizard, registered_on, verified_on = (store.checked(record), record.registered_on,
                                              record.verified_on)
        label = f"#{record.id} {plain(record.client)}"
    try:
        checklist = checklist_for(wizard, registered_on=registered_on, verified_on=verified_on,
                                  reveal=args.reveal,
                                  lang=args.document_lang or i18n.current())
    except NotReady as refused:
        for issue in refused.errors:
            print(f"{label}: {plain(issue.render(_))}", file=sys.stderr)
        print(_("{label}: fix these errors first; no checklist written").format(label=label),
              file=sys.stderr)
        return EXIT_INVALID
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    if checklist.kind == "prepare":
        said = (_("{label}: still a draft: the checklist says what to prepare and the steps "
                  "ahead; finish it with onboarding resume {id}") if label.startswith("#") else
                _("{label}: still a draft: the checklist says what to prepare and the steps "
                  "ahead"))
        print(said.format(label=label, id=reg_id), file=sys.stderr)
    if fmt == "pdf":
        _pdf_target(args, checklist.client)
    try:
        document = render(checklist, fmt)
    except PdfError as exc:
        raise CommandError(str(exc)) from None
    write_output(args, document, fmt, private=args.reveal)
    return 0


def _pdf_target(args: argparse.Namespace, client: str) -> None:
    """A PDF goes to a file: -o, else the checklist folder; to standard output only when
    asked (-o -) and not a terminal."""
    if args.output == "-":
        if sys.stdout.isatty():
            raise CommandError(_("a PDF is not for the terminal: give -o FILE.pdf, or pipe it"))
        return
    if args.output is None:
        try:
            folder = settings().checklist_folder
        except SettingsError as exc:
            raise CommandError(str(exc)) from None
        args.output = str(default_path(client, "pdf", folder.expanduser() if folder else None))
