"""Errors a command can end with, and the exit codes they map to.

Below every face: the commands, the TUI and the web face raise these, and only `cli`
turns them into an exit status. Nothing here imports a face.
"""

from __future__ import annotations

from forms.controls import printable
from onboarding.i18n import _, said_error

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A command failed with a one-line reason: exit 2 (could not run) unless it says 1."""

    exit_code = EXIT_USAGE


class NotThere(CommandError):
    """What was asked for does not exist (an ID, a flow): the data has problems, exit 1."""

    exit_code = EXIT_INVALID


def error_line(problem: object) -> str:
    """'onboarding: error: REASON', in the interface's language; a reason that says itself
    in a language (an engine error made from a Message) is said in it."""
    return _("onboarding: error: {reason}").format(reason=printable(said_error(problem)))


def reason(exc: Exception) -> str:
    """An engine error's one-line reason, kept as its Message when it is one (a
    `CommandError(reason(exc))` is then said in the interface's language)."""
    said = exc.args[0] if len(exc.args) == 1 else None
    return said if isinstance(said, str) and str(said) == str(exc) else str(exc)
