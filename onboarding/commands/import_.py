"""`onboarding import FILE...`: add answers files to the portfolio."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="add answers files to the portfolio",
        description="Validate each answers file, against every rule and against the whole "
        "portfolio (an email or account name already used, an administrator of 5 "
        "accounts, a WeChat operating 5), and add the valid ones. Exit 0: all added; "
        "1: some refused (their errors listed); 2: a file could not be read or the store "
        "could not be opened.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="answers file (.yaml, .yml, .json)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from collections.abc import Iterator
    from pathlib import Path
    from typing import Any

    from onboarding.answers import AnswersError, load_answers
    from onboarding.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE
    from onboarding.store import InvalidRegistration, open_store
    from onboarding.term import paint

    def documents() -> Iterator[tuple[str, Any]]:
        for name in args.files:
            try:
                yield name, load_answers(Path(name))
            except AnswersError as exc:
                yield name, exc

    store = open_store(args.db)
    code = EXIT_OK
    for name, outcome in store.add_many(documents()):
        if isinstance(outcome, AnswersError):
            print(f"onboarding: error: {outcome}", file=sys.stderr)
            code = EXIT_USAGE
            continue
        if isinstance(outcome, InvalidRegistration):
            for issue in outcome.issues:
                print(f"{name}: {paint(str(issue), 'red')}")
            print(f"{name}: not imported")
            code = max(code, EXIT_INVALID)
            continue
        print(f"{name}: imported as {paint(f'#{outcome.id}', 'bold')} ({outcome.client})")
    return code
