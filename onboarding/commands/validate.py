"""`onboarding validate FILE...`: check answers files, alone and together."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check answers files against every WeChat rule",
        description="Check each answers file, then the files together for the rules that "
        "span accounts (an email or account name used twice, an administrator of more "
        "than 5 accounts, a WeChat operating more than 5). Exit 0: all valid; 1: some "
        "invalid; 2: a file could not be read.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="answers file (.yaml, .yml, .json)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from forms.ledger import Ledger, keys_of
    from forms.registration import validate
    from onboarding.answers import AnswersError, load_answers
    from onboarding.cli import EXIT_INVALID, EXIT_OK, CommandError
    from onboarding.term import paint

    ledger = Ledger()
    invalid = 0
    for name in args.files:
        try:
            data = load_answers(Path(name))
        except AnswersError as exc:
            raise CommandError(str(exc)) from None
        result = validate(data)
        issues = list(result.issues)
        if result.registration is not None:
            keys = keys_of(result.registration)
            issues += ledger.issues(keys)
            ledger.add(keys)
        errors = [i for i in issues if i.severity == "error"]
        for issue in issues:
            if issue.severity == "warning":
                print(f"{name}: {issue.path}: {paint('warning', 'yellow')}: {issue.message}")
            else:
                print(f"{name}: {paint(str(issue), 'red')}")
        if errors:
            invalid += 1
        elif not args.quiet:
            print(f"{name}: {paint('valid', 'green')}")
    return EXIT_INVALID if invalid else EXIT_OK
