"""The third face: the client's own part of one registration, behind a one-time link.

A small ASGI app (Starlette, Jinja2 templates, htmx vendored in `static/`) over the same
store and engine as the terminal UI and the command line; it holds no rule of its own
(`onboarding.links` and the wizard do). Opened by the CLI (`onboarding serve`); Starlette
and uvicorn are imported only then.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from onboarding.store import Store

_TOKEN_IN_PATH = re.compile(r"/c/[^/?\s\"]+")


class _NoTokens(logging.Filter):
    """Access log lines with a link's token replaced by '…': a token is never written down."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN_IN_PATH.sub("/c/…", a) if isinstance(a, str) else a
                                for a in record.args)
        record.msg = _TOKEN_IN_PATH.sub("/c/…", str(record.msg))
        return True


def quiet_access_log() -> None:
    logging.getLogger("uvicorn.access").addFilter(_NoTokens())


def serve(store: Store, *, host: str, port: int, behind_proxy: bool, public_url: str) -> None:
    """Serve the client pages until interrupted (ctrl+c)."""
    import uvicorn

    from onboarding.web.app import make_app

    app = make_app(store, public_url=public_url, listen=host)
    config = uvicorn.Config(
        app, host=host, port=port, proxy_headers=behind_proxy, server_header=False,
        forwarded_allow_ips="127.0.0.1,::1" if behind_proxy else None, log_level="info")
    quiet_access_log()  # after the Config: it sets the loggers up
    uvicorn.Server(config).run()
