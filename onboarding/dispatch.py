"""What runs once the command line is parsed (`onboarding.cli`): the command, the terminal UI
or the web face, with the pinned day checked first, every error said as one line with its
exit code, and the portfolios the command opened closed after it.

Apart from the parser, so that `onboarding --help`, `--version` and a wrong argument, which
end in the parser, load none of this (the clock, the commands' shared module, the store's
errors): `--help` is to start within 3x `python -c pass` (benchmarks/bench.py).
"""

from __future__ import annotations

import argparse
import os
import sys

from forms.clock import ClockError, today
from onboarding import i18n, tui
from onboarding.commands import close_portfolios
from onboarding.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CommandError, error_line, reason
from onboarding.i18n import _
from onboarding.settings import language_setting
from onboarding.store.errors import NotFound, Refused, StoreError


def dispatch(args: argparse.Namespace, explicit: str | None) -> int:
    """Run what `args` asks for; its exit code. `explicit`: --lang's value, if given."""
    run = getattr(args, "run", None)
    try:
        if os.environ.get("ONBOARDING_TODAY"):  # a bad pinned date fails here, not mid-command
            _check_pinned_today()
        chosen = os.environ.get("ONBOARDING_LANG")
        if chosen and chosen not in i18n.LANGUAGES and not explicit:  # not silently English
            raise CommandError(_("ONBOARDING_LANG must be {choices}, not {given!r}").format(
                choices=" / ".join(i18n.LANGUAGES), given=chosen))
        if getattr(args, "serve", False):  # the web face
            return serve_web(args)
        if run is None:  # no command, `new` or `resume ID`: the terminal UI
            return open_tui(args)
        return int(run(args))
    except CommandError as exc:
        print(error_line(exc), file=sys.stderr)
        return exc.exit_code
    except StoreError as exc:
        print(error_line(exc), file=sys.stderr)
        return store_exit_code(exc)
    except KeyboardInterrupt:
        print(_("onboarding: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        close_portfolios()


def store_exit_code(exc: StoreError) -> int:
    """A store error's exit code: 1 when the request was wrong, 2 when the store failed."""
    return EXIT_INVALID if isinstance(exc, NotFound | Refused) else EXIT_USAGE


def _check_pinned_today() -> None:
    try:
        today()
    except ClockError as exc:
        raise CommandError(reason(exc)) from None


def open_tui(args: argparse.Namespace) -> int:
    """The terminal UI, on the portfolio, a new registration or `resume ID`'s."""
    from onboarding.commands.new import check_tui

    check_tui(args)
    return tui.run(args.db, new=getattr(args, "new", False), open_id=getattr(args, "id", None),
                   lang=getattr(args, "lang", None) or language_setting(tui=True))


def serve_web(args: argparse.Namespace) -> int:
    """The web face (`onboarding serve`): the clients' link pages, until ctrl+c."""
    from onboarding.commands.serve import check_serve

    store, public_url = check_serve(args)
    from onboarding.web import serve

    serve(store, host=args.host, port=args.port, behind_proxy=args.behind_proxy,
          public_url=public_url)
    return EXIT_OK
