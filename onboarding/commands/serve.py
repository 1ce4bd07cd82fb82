"""`onboarding serve`: the client pages that `onboarding link` points to, from the portfolio.

Starlette and uvicorn (the `web` extra) are imported only when the web face starts
(`onboarding.web`, opened by the CLI): `--help` and every other command start as fast as
before.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import sys
from typing import TYPE_CHECKING

from onboarding.commands import OPENED, SUMMARIES
from onboarding.errors import CommandError
from onboarding.i18n import _
from onboarding.locations import SERVE_HOST, SERVE_PORT, loopback
from onboarding.settings import SettingsError, settings
from onboarding.store import open_store
from onboarding.store.link_writes import CLIENT_LINK

if TYPE_CHECKING:
    from onboarding.store import Store

WEB_INSTALL = "pip install 'wechat-onboarding[web]'"


def port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(_("{text!r} is not a port (1 to 65535)")
                                           .format(text=text))
    return int(text)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help=_(SUMMARIES["serve"]),
        description=_("Serve the pages clients open with `onboarding link`, from the same "
                      "portfolio. Listens on this computer only ({host}) unless --host says "
                      "otherwise; to reach clients, put it behind a TLS reverse proxy "
                      "(README) and say so with --behind-proxy. Ctrl+C stops it.")
        .format(host=SERVE_HOST),
    )
    p.add_argument("--host", default=SERVE_HOST,
                   help=_("the address to listen on (default: {host}, this computer only)")
                   .format(host=SERVE_HOST))
    p.add_argument("--port", type=port, default=SERVE_PORT,
                   help=_("the port (default: {port})").format(port=SERVE_PORT))
    p.add_argument("--behind-proxy", action="store_true",
                   help=_("a TLS reverse proxy on this computer forwards to it: trust its "
                          "X-Forwarded-For and X-Forwarded-Proto headers"))
    p.set_defaults(serve=True)  # no `run`: the CLI opens the web face (onboarding.cli.serve_web)


def check_serve(args: argparse.Namespace) -> tuple[Store, str]:
    """Everything `serve` needs before the web face starts, refused in one line when it
    cannot be had: the web extra, the settings, the address, the store (opened as the client
    link's face). Warns when clients would reach it without TLS. The CLI (the top floor)
    then starts the web face; no command imports another face."""
    if not all(importlib.util.find_spec(m) for m in ("starlette", "uvicorn", "jinja2")):
        raise CommandError(_("serving the client pages needs the web extra: {install}")
                           .format(install=WEB_INSTALL))

    try:
        public_url = settings().public_url
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    problem = _cannot_listen(args.host, args.port)
    if problem:
        raise CommandError(_("cannot listen on {host}:{port} ({reason})").format(
            host=args.host, port=args.port, reason=problem))
    store = _open(args)
    if not loopback(args.host) and not args.behind_proxy:
        print(_("onboarding: warning: listening on {host} without --behind-proxy: clients' "
                "links and answers would travel unencrypted; put a TLS reverse proxy in front "
                "(README) and listen on {loopback}").format(host=args.host, loopback=SERVE_HOST),
              file=sys.stderr)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(_("onboarding: serving client links on http://{host}:{port} (ctrl+c stops)")
            .format(host=shown, port=args.port), file=sys.stderr)
    return store, public_url


def _open(args: argparse.Namespace) -> Store:
    """The portfolio, written to as the client link's face (said in the audit trail)."""
    store = open_store(args.db, via=CLIENT_LINK)
    OPENED.append(store)
    return store


def _cannot_listen(host: str, number: int) -> str | None:
    """Why the address cannot be listened on (in use, not this computer's), or None."""
    try:
        infos = socket.getaddrinfo(host, number, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        return str(exc)
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.strerror or str(exc)
    return None
