"""The command line: one argparse parser whose sub-commands live in `onboarding.commands`.

Only argparse and the light command modules are imported here, so `onboarding --help`
and the validators start fast; each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import typing
from collections.abc import Sequence

from onboarding import __version__
from onboarding.store.errors import NotFound, Refused, StoreError

# Order is the order shown in --help.
COMMANDS = (
    "new",
    "resume",
    "validate",
    "checklist",
    "advise",
    "schema",
    "flows",
    "import_",
    "list_",
    "show",
    "export",
    "remove",
    "purge",
    "mark",
    "history",
    "deadlines",
    "errors",
    "key",
    "config",
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A command failed with a one-line reason: exit 2 (could not run) unless it says 1."""

    exit_code = EXIT_USAGE


class NotThere(CommandError):
    """What was asked for does not exist (an ID, a flow): the data has problems, exit 1."""

    exit_code = EXIT_INVALID


class Parser(argparse.ArgumentParser):
    """argparse, with a bad argument reported in one line (exit 2) instead of the usage."""

    def error(self, message: str) -> typing.NoReturn:
        from forms.controls import printable

        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message)} "
                              f"(see {self.prog} --help)\n")


DB_HELP = ("portfolio store as an SQLAlchemy URL (default: $ONBOARDING_DB or a SQLite file in "
           "the user data folder)")


def store_exit_code(exc: StoreError) -> int:
    """A store error's exit code: 1 when the request was wrong, 2 when the store failed."""
    return EXIT_INVALID if isinstance(exc, NotFound | Refused) else EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="onboarding",
        description=(
            "Register WeChat Official Accounts (微信公众号) for clients. "
            "With no command, opens the portfolio in the terminal UI."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="URL", help=DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"onboarding.commands.{name}").add_parser(sub)
    for command in sub.choices.values():  # `onboarding list --db URL` works too
        command.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=DB_HELP)
    return parser


def _check_pinned_today() -> None:
    from forms.clock import ClockError, today

    try:
        today()
    except ClockError as exc:
        raise CommandError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    try:
        if os.environ.get("ONBOARDING_TODAY"):  # a bad pinned date fails here, not mid-command
            _check_pinned_today()
        if run is None:
            from onboarding.commands.new import open_tui

            return open_tui(args)
        return int(run(args))
    except CommandError as exc:
        from forms.controls import printable

        print(f"onboarding: error: {printable(exc)}", file=sys.stderr)
        return exc.exit_code
    except StoreError as exc:
        from forms.controls import printable

        print(f"onboarding: error: {printable(exc)}", file=sys.stderr)
        return store_exit_code(exc)
    except KeyboardInterrupt:
        print("onboarding: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        from onboarding.commands import close_portfolios

        close_portfolios()
