"""`onboarding import FILE...`: add answers files to the portfolio."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from forms import rulebook
from onboarding.answers import STDIN, AnswersError, read_answers, shown_name
from onboarding.commands import SUMMARIES, open_portfolio
from onboarding.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CommandError, error_line
from onboarding.i18n import _
from onboarding.store import Added, InvalidRegistration, StoreError
from onboarding.term import paint, plain


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help=_(SUMMARIES["import"]),
        description=_("Validate each answers file, against every rule and against the whole "
        "portfolio (an email or account name already used, an administrator of "
        "{MAX_ACCOUNTS_PER_ADMIN} accounts, a WeChat operating {MAX_ACCOUNTS_PER_OPERATOR}), "
        "and add the valid ones. Exit 0: all added; 1: some refused (their errors listed); "
        "2: a file could not be read or the store could not be opened.")
        .format_map(vars(rulebook)),
    )
    p.add_argument("files", nargs="+", metavar="FILE",
                   help=_("answers file (.yaml, .yml, .json), or - for standard input"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.files.count(STDIN) > 1:
        raise CommandError(_("{STDIN} (standard input) can be given once").format(STDIN=STDIN))

    def documents() -> Iterator[tuple[str, Any]]:
        for name in args.files:
            try:
                yield shown_name(name), read_answers(name)
            except AnswersError as exc:
                yield shown_name(name), exc

    store = open_portfolio(args)
    code = EXIT_OK
    said = 0
    try:
        for shown, outcome in store.add_many(documents()):
            said += 1
            code = max(code, _report(shown, outcome))
    except StoreError:  # the store stopped the import between two chunks (a key rotation)
        for name in args.files[said:]:
            print(_("{shown}: not imported").format(shown=shown_name(name)))
        raise
    return code


def _report(shown: str, outcome: object) -> int:
    """One imported file said (on stdout; a file that could not be read on stderr), and the
    exit code it asks for."""
    if isinstance(outcome, AnswersError):
        print(error_line(outcome), file=sys.stderr)
        return EXIT_USAGE
    if isinstance(outcome, InvalidRegistration):
        for issue in outcome.issues:
            print(f"{shown}: {paint(issue.render(_), 'red')}")
        print(_("{shown}: not imported").format(shown=shown))
        return EXIT_INVALID
    assert isinstance(outcome, Added)
    print(_("{shown}: imported as {id} ({client})")
            .format(shown=shown, id=paint(f"#{outcome.id}", "bold"),
                  client=plain(outcome.client)))
    return EXIT_OK
