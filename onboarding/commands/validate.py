"""`onboarding validate FILE...`: check answers files, alone and together."""

from __future__ import annotations

import argparse
import sys

from forms import rulebook
from forms.clock import today
from forms.ledger import Ledger, keys_of
from forms.registration import validate
from forms.requirements import past_due_issues
from onboarding.answers import STDIN, AnswersError, read_answers, shown_name
from onboarding.commands import SUMMARIES
from onboarding.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CommandError, error_line
from onboarding.i18n import _
from onboarding.term import paint, plain


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help=_(SUMMARIES["validate"]),
        description=_(
            "Check each answers file, then the files together for the rules that span "
            "accounts (an email or account name used twice, an administrator of more than "
            "{MAX_ACCOUNTS_PER_ADMIN} accounts or a mobile of more than "
            "{MAX_ACCOUNTS_PER_MOBILE}, a WeChat operating more than "
            "{MAX_ACCOUNTS_PER_OPERATOR}, an organization with more than "
            "{MAX_ACCOUNTS_PER_ORGANIZATION}: a warning). A requirement already past due is a "
            "warning. FILE - reads one answers file from standard input. Exit 0: all "
            "valid (warnings allowed); 1: some invalid; 2: a file could not be read (the "
            "others are still checked).").format_map(vars(rulebook)),
    )
    p.add_argument("files", nargs="+", metavar="FILE",
                   help=_("answers file (.yaml, .yml, .json), or - for standard input"))
    p.add_argument("-q", "--quiet", action="store_true", help=_("print errors only"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.files.count(STDIN) > 1:
        raise CommandError(_("{STDIN} (standard input) can be given once").format(STDIN=STDIN))
    ledger = Ledger()
    code = EXIT_OK
    on = today()
    for name in args.files:
        shown = shown_name(name)
        try:
            data = read_answers(name)
        except AnswersError as exc:
            print(error_line(exc), file=sys.stderr)
            code = EXIT_USAGE
            continue
        result = validate(data)
        issues = list(result.issues)
        if result.registration is not None:
            keys = keys_of(result.registration)
            issues += ledger.issues(keys)  # naming the files it clashes with
            ledger.add(keys, shown)
            issues += past_due_issues(result.registration, on)
        errors = [i for i in issues if i.severity == "error"]
        for issue in issues:
            if issue.severity == "warning":
                warning = paint(_("warning"), "yellow")
                print(f"{shown}: {plain(issue.path)}: {warning}: {plain(issue.text(_))}")
            else:
                print(f"{shown}: {paint(issue.render(_), 'red')}")
        if errors:
            code = max(code, EXIT_INVALID)
        elif not args.quiet:
            valid = paint(_("valid"), "green")
            print(f"{shown}: {valid}")
    return code
