"""What stands between the client pages and a hostile request: the session cookie, CSRF
tokens, the Origin check, rate limits, body limits and the headers every answer carries.

Each piece is small and pure where it can be (the limits take a clock, so tests never
wait), and the app (`app`) puts them in front of every route.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

SESSION_COOKIE = "onboarding_session"
LANG_COOKIE = "onboarding_lang"
MAX_BODY = 64 * 1024  # a whole form with 25 operators is under 10 kB
MAX_FIELDS = 400  # names in one form post
MAX_VALUE = 1000  # characters in one answer (the longest WeChat takes is 120)

# Rate limits: (how many, in how many seconds). A token has 256 random bits, so guessing is
# hopeless anyway; the limits keep a guesser or a runaway script from costing anything.
GUESSES_PER_ADDRESS = (20, 600)  # links that open nothing, from one address
GUESSES_EVERYWHERE = (200, 600)  # the same, from every address together
SAVES_PER_SESSION = (300, 600)  # field saves and form posts of one client

# Every page: nothing from elsewhere, no framing, no referrer to another site. (Within the
# site a form post needs one: with none at all, a browser posts a form with "Origin: null".
# The page that holds a token in its address sends none: `app.enter`.)
HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

Clock = Callable[[], float]


@dataclass
class Limit:
    """At most `most` events per `seconds`, per key (a sliding window)."""

    most: int
    seconds: float
    clock: Clock = time.monotonic
    _seen: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, key: str) -> bool:
        """Whether one more event may happen now (counted if so)."""
        now = self.clock()
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now - self.seconds:
            seen.popleft()
        if len(seen) >= self.most:
            return False
        seen.append(now)
        if len(self._seen) > 10_000:  # forget quiet keys: memory stays bounded
            self._seen = {k: v for k, v in self._seen.items() if v}
        return True

    def spent(self, key: str) -> bool:
        """Whether the key has no event left now (not counting one)."""
        now = self.clock()
        seen = self._seen.get(key, deque())
        return sum(1 for t in seen if t > now - self.seconds) >= self.most


@dataclass
class Limits:
    guesses: Limit
    guesses_everywhere: Limit
    saves: Limit

    @classmethod
    def default(cls, clock: Clock = time.monotonic) -> Limits:
        return cls(Limit(*GUESSES_PER_ADDRESS, clock), Limit(*GUESSES_EVERYWHERE, clock),
                   Limit(*SAVES_PER_SESSION, clock))


def csrf_token(session: str) -> str:
    """The CSRF token of a session: a keyed hash of it, so it can be put in the page without
    giving the (HttpOnly) session away, and no other page can know it."""
    return hmac.new(session.encode(), b"onboarding csrf", hashlib.sha256).hexdigest()


def csrf_ok(session: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(csrf_token(session), str(given))


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(headers: Any, own: str, also: str | None = None) -> bool:
    """Whether a post comes from this site's own page: its Origin (else its Referer) is the
    address the request came to (or the public address, behind a proxy)."""
    origin = headers.get("origin")
    if not origin or origin == "null":
        referer = headers.get("referer")
        origin = origin_of(referer) if referer else None
    if not origin:
        return False
    wanted = {own.lower()} | ({also.lower()} if also else set())
    return origin.lower() in wanted


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: a body that says it is over `limit` bytes is refused (413, `refuse`
    makes the page) before it is read; a streamed one is cut by `read_body`."""

    def __init__(self, app: App, refuse: App, limit: int = MAX_BODY) -> None:
        self.app, self.refuse, self.limit = app, refuse, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", ()):
                if name == b"content-length" and (not value.isdigit()
                                                  or int(value) > self.limit):
                    await self.refuse(scope, receive, send)
                    return
        await self.app(scope, receive, send)


class Headers:
    """ASGI middleware: the security headers (`HEADERS`) on every answer."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {n.lower() for n, _v in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(
                    (k.encode(), v.encode()) for k, v in HEADERS.items()
                    if k.encode() not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)
