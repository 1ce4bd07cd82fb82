"""The command line: one argparse parser whose sub-commands live in `onboarding.commands`.

Only argparse and what the parser says are imported here (its words, each command's line
from `onboarding.summaries`), so `onboarding --help` starts fast: the command named is
imported to declare itself, and `onboarding.dispatch` runs it once the line is parsed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from forms.controls import printable
from onboarding import __version__, i18n
from onboarding.config_home import no_settings_file
from onboarding.errors import EXIT_OK, EXIT_USAGE
from onboarding.i18n import N_, _
from onboarding.streams import Watched, guarded, silence
from onboarding.summaries import SUMMARIES

TYPE_CHECKING = False  # typing's, without loading typing (see forms.words)
if TYPE_CHECKING:
    from typing import NoReturn

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
    "link",
    "serve",
)

# argparse's own words that reach a person (Lib/argparse.py; its errors for a programmer
# are left out): marked here so the catalog holds them. argparse looks them up itself.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _argparse_word(message: str | None) -> str | None:
    """argparse's lookup: a msgid in the language of this command (None, an absent
    description, stays None)."""
    return _(message) if message else message


def speak_argparse() -> None:
    """Have argparse say its words (usage, headings, errors) in the catalog's language.

    argparse looks them up with gettext's functions, bound when it is imported
    (`from gettext import gettext as _, ngettext`): the process-wide domain, in the language
    of the environment variables. The language here is chosen by --lang and the settings,
    so argparse's two lookups are pointed at the catalog of that language."""
    argparse._ = _argparse_word  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """argparse, with a bad argument reported in one line (exit 2) instead of the usage."""

    def format_help(self) -> str:
        """argparse's help, its headings ended as the language ends them ('选项：'): argparse
        writes the ':' itself."""
        text = super().format_help()
        colon = i18n.writing().colon.strip()
        if colon == ":":
            return text
        for heading in (_("positional arguments"), _("options")):
            text = text.replace(f"\n{heading}:\n", f"\n{heading}{colon}\n")
        return text

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _("{prog}: error: {reason} (see {prog} --help)").format(
            prog=self.prog, reason=printable(message)) + "\n")


DB_HELP = N_("portfolio store as an SQLAlchemy URL (default: $ONBOARDING_DB or a SQLite file "
             "in the user data folder)")
LANG_HELP = N_("language of messages: {choices} (default: $ONBOARDING_LANG, the lang "
               "setting, then the locale)")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser, its help in the language of the command (argparse's own words too).

    Given the arguments, only the command they name is imported and declared (the others
    are names, so that a wrong one is still told the choices): `onboarding` alone, which
    opens the terminal UI, imports no command. `--help` without a command lists them all
    with their lines (`SUMMARIES`), importing none; no arguments: every command declared."""
    named = _command_in(argv) if argv is not None else None
    listed = named is None and argv is not None and ("-h" in argv or "--help" in argv)
    speak_argparse()
    db_help = _(DB_HELP)
    lang_help = _(LANG_HELP).format(choices=" / ".join(i18n.LANGUAGES))
    parser = Parser(
        prog="onboarding",
        description=_(
            "Register WeChat Official Accounts (微信公众号) for clients. "
            "With no command, opens the portfolio in the terminal UI."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--db", metavar="URL", help=db_help)
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=lang_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        name = module.rstrip("_")
        if argv is None or name == named:
            importlib.import_module(f"onboarding.commands.{module}").add_parser(sub)
            command = sub.choices[name]  # `onboarding list --db URL --lang zh` too
            command.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=db_help)
            if name not in OWN_LANG:
                command.add_argument("--lang", choices=i18n.LANGUAGES,
                                     default=argparse.SUPPRESS, help=lang_help)
        elif listed:  # a name and its line, never parsed: --help ends before
            sub.add_parser(name, help=_(SUMMARIES[name]))
        else:  # a name, so that a wrong one is told the choices
            sub.add_parser(name)
    return parser


# Commands whose own --lang chooses a document's language, not the interface's.
OWN_LANG = frozenset({"checklist"})


def _choose_language(argv: Sequence[str] | None) -> str | None:
    """The language of every message: --lang, else as `i18n.resolve` says, settled at the
    command's first word (so --help reads no settings). Returns --lang's value."""
    explicit = _lang_in(sys.argv[1:] if argv is None else argv)
    i18n.use_resolved(explicit, _language_setting)
    return explicit


def _language_setting() -> str | None:
    """The settings' language. Their module (and platformdirs, pathlib, typing with it) is
    loaded only when there may be one: ONBOARDING_LANG, or a settings file, which
    `config_home` rules out without platformdirs where it can (Linux)."""
    if not os.environ.get("ONBOARDING_LANG") and no_settings_file():
        return None
    from onboarding.settings import language_setting

    return language_setting()


def _lang_in(argv: Sequence[str]) -> str | None:
    """--lang's value, read before argparse so that argparse's own errors are translated
    (after a command in OWN_LANG, --lang is that command's own and not the interface's)."""
    found, command = None, None
    for i, arg in enumerate(argv):
        if arg == "--" or command in OWN_LANG:
            break
        if command is None and _is_command(argv, i):
            command = arg
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found if found in i18n.LANGUAGES else None


def _is_command(argv: Sequence[str], i: int) -> bool:
    """Whether argv[i] is the command: the first word that is neither an option nor the
    value of --db or --lang."""
    return not argv[i].startswith("-") and (i == 0 or argv[i - 1] not in ("--db", "--lang"))


def _command_in(argv: Sequence[str]) -> str | None:
    """The command the arguments name (None: the terminal UI, or `--help` of them all)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            return None
        if _is_command(argv, i):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: one line and exit 2 for a closed or full standard stream too."""
    with guarded() as (out, err):
        try:
            try:
                code = _main(argv)
            except SystemExit:  # argparse's --help, --version, a usage error
                out.flush()
                if out.broken() is not None:  # argparse leaves a failed write unsaid
                    return _stream_failed(out)
                raise
            out.flush()
            return code
        except OSError:
            if out.broken() is None:
                raise
            return _stream_failed(out)
        finally:
            if err.broken() is not None:  # what it still holds must not fail at exit
                silence(err)


def _stream_failed(out: Watched) -> int:
    """Standard output could not be written: said on standard error when it still can be,
    exit 2 (a pipe closed by its reader, as in `list | head`: exit 0)."""
    failed = out.broken()
    assert failed is not None
    silence(out)
    if isinstance(failed, BrokenPipeError):
        return EXIT_OK
    with contextlib.suppress(OSError, ValueError):
        print(_("onboarding: error: cannot write to standard output ({reason})")
              .format(reason=failed.strerror or failed), file=sys.stderr)
    return EXIT_USAGE


def _main(argv: Sequence[str] | None) -> int:
    explicit = _choose_language(argv)
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)  # `--help`, `--version` and a wrong argument end here
    from onboarding.dispatch import dispatch  # what runs a command: none of it for those

    return dispatch(args, explicit)
