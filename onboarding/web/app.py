"""The client pages: a small Starlette app over the same store and engine as the other faces.

Routes: `/c/<token>` swaps a one-time link for a session cookie and moves on to `/form`
(the token is never in a page, a log line or the address after that); `/form` shows the
parts the link opens and takes the whole form (save, add or remove an operator, send);
`/field` saves one answer as the client leaves it (htmx) and answers with its error;
`/lang/<zh|en>` switches the language; `/static/` holds htmx and the style sheet. Nothing
else, and nothing of the portfolio, is reachable.

The words of a page are looked up in the page's language with `onboarding.i18n`, which
holds one language per process: requests are handled one at a time (`Site.work`), which a
client page's few requests never notice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from forms import controls
from onboarding import i18n, links, portfolio
from onboarding.i18n import _
from onboarding.settings import SettingsError, settings
from onboarding.store.errors import NotFound, Refused, StoreError
from onboarding.web import guard, page

if TYPE_CHECKING:
    from onboarding.store import Store
    from onboarding.store.links import LinkInfo

HERE = Path(__file__).resolve().parent
LANGUAGES = {"zh": "zh-Hans", "en": "en"}  # a page's language and its HTML lang
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class Refusal(Exception):
    """A request the page answers with a short page of its own (4xx)."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(title)
        self.status, self.title, self.detail = status, title, detail


@dataclass
class Site:
    """What every request shares: the store, the limits, the templates, the one lock."""

    store: Store
    limits: guard.Limits
    env: Environment
    public_origin: str | None
    consultant: tuple[str, str]
    lock: threading.Lock

    def work(self, lang: str, job: Callable[[], Response]) -> Response:
        """Run a request's work with its words in `lang`, one request at a time."""
        with self.lock, i18n.language("en" if lang == "en" else "zh"):
            try:
                return job()
            except Refusal as refusal:
                return self.refused(refusal, lang)
            except NotFound:
                return self.refused(closed(), lang)
            except Refused:  # sent meanwhile (another tab): nothing more to change
                return self.refused(sent(), lang)
            except StoreError:
                return self.refused(Refusal(503, _("The page cannot be shown now"), _(
                    "Please try again in a few minutes, or ask your consultant.")), lang)

    def render(self, template: str, lang: str, status: int = 200, **values: Any) -> Response:
        body = self.env.get_template(template).render(
            lang=lang, html_lang=LANGUAGES[lang], consultant=self.consultant, **values)
        return HTMLResponse(body, status_code=status, headers={"cache-control": "no-store"})

    def refused(self, refusal: Refusal, lang: str) -> Response:
        return self.render("message.html.j2", lang, refusal.status, title=refusal.title,
                           detail=refusal.detail)


def closed() -> Refusal:
    """The one answer to a link or session that opens nothing, whatever the reason."""
    return Refusal(404, _("This link cannot be opened"), _(
        "A link opens once, on one phone or computer, and only for a few days. Ask your "
        "consultant for a new link."))


def sent() -> Refusal:
    return Refusal(409, _("Your answers were sent"), _(
        "Your consultant has them now; if anything must change they will send them back."))


def make_app(store: Store, *, public_url: str = "", listen: str = "127.0.0.1",
             limits: guard.Limits | None = None, hosts: list[str] | None = None) -> Starlette:
    """The app for one store. `hosts`: the Host names it answers (default: this computer's,
    the listening address's and the public address's)."""
    try:
        consultant = (settings().consultant_name, settings().consultant_contact)
    except SettingsError:
        consultant = ("", "")
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["j2"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda text: _(text), lambda one, many, n: i18n.ngettext(one, many, n), newstyle=True)
    env.filters["plain"] = controls.printable
    public_origin = guard.origin_of(public_url) if public_url else None
    site = Site(store, limits or guard.Limits.default(), env, public_origin, consultant,
                threading.Lock())
    if hosts is None:
        hosts = ["127.0.0.1", "localhost", "::1", "[::1]"]
        if listen not in ("0.0.0.0", "::", ""):
            hosts.append(listen)
        elif not public_url:
            hosts.append("*")  # listening everywhere with no public address: any name
        if public_url:
            hosts.append(urlsplit(public_url).hostname or "")
    routes = [
        Route("/c/{token}", partial(enter, site), methods=["GET"]),
        Route("/form", partial(form_page, site), methods=["GET"]),
        Route("/form", partial(form_post, site), methods=["POST"]),
        Route("/field", partial(field_post, site), methods=["POST"]),
        Route("/lang/{code}", partial(choose_language, site), methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def not_found(request: Request, _exc: Exception) -> Response:
        return await run_in_threadpool(site.refused, closed(), language(request))

    async def too_large(scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope)
        response = await run_in_threadpool(site.work, language(request), _too_large)
        await response(scope, receive, send)

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found},
                    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)])
    app.state.site = site
    app.add_middleware(guard.BodyLimit, refuse=too_large)
    app.add_middleware(guard.Headers)
    return app


def _too_large() -> Response:
    raise Refusal(413, _("Too much at once"), _("That was more than a form can hold."))


def language(request: Request) -> str:
    chosen = request.cookies.get(guard.LANG_COOKIE)
    return chosen if chosen in LANGUAGES else "zh"


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}".lower()


def _base(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


# -- entering ---------------------------------------------------------------------------

async def enter(site: Site, request: Request) -> Response:
    """A link's first visit: its token swapped for a session cookie, then on to /form
    (a page of our own moves on, so the SameSite=Strict cookie goes with the next request
    even when the link was opened from another site, such as WeChat)."""
    token = str(request.path_params["token"])
    address = _address(request)

    def job() -> Response:
        limits = site.limits
        if limits.guesses.spent(address) or limits.guesses_everywhere.spent("*"):
            raise Refusal(429, _("Too many tries"), _(
                "Please wait a few minutes and open your link again."))
        session = None
        if len(token) <= 100 and set(token) <= _TOKEN_CHARS:
            session = site.store.enter_link(token)
        if session is None:
            limits.guesses.allow(address)
            limits.guesses_everywhere.allow("*")
            raise closed()
        link = site.store.session_link(session)
        target = f"{_base(request)}/form"
        response = site.render("enter.html.j2", language(request), target=target)
        response.headers["refresh"] = f"0; url={target}"
        response.headers["referrer-policy"] = "no-referrer"  # the token stays here
        left = (link.expires_at - datetime.now(UTC)).total_seconds() if link else 0
        response.set_cookie(guard.SESSION_COOKIE, session, max_age=max(int(left), 1),
                            path=f"{_base(request)}/", secure=request.url.scheme == "https",
                            httponly=True, samesite="strict")
        return response

    return await run_in_threadpool(site.work, language(request), job)


def _link(site: Site, request: Request) -> tuple[str, LinkInfo]:
    session = request.cookies.get(guard.SESSION_COOKIE) or ""
    link = site.store.session_link(session) if session else None
    if link is None:
        raise closed()
    return session, link


async def choose_language(site: Site, request: Request) -> Response:
    code = str(request.path_params["code"])
    if code not in LANGUAGES:
        return await run_in_threadpool(site.refused, closed(), language(request))
    response = RedirectResponse(f"{_base(request)}/form", status_code=303)
    response.set_cookie(guard.LANG_COOKIE, code, max_age=365 * 24 * 3600,
                        path=f"{_base(request)}/", secure=request.url.scheme == "https",
                        httponly=True, samesite="strict")
    return response


# -- the form ---------------------------------------------------------------------------

def _view(site: Site, link: LinkInfo, given: Mapping[str, Any] | None = None,
          everywhere: bool = False) -> tuple[Any, page.Page]:
    record = site.store.get(link.registration_id)
    checks = site.store.client_checks(link.registration_id)
    answers = link.answers if given is None else given
    wizard = links.client_wizard(record.state, answers, link.parts, checks)
    return wizard, page.build(wizard, link.parts, link.typed, everywhere=everywhere)


def _form(site: Site, request: Request, session: str, link: LinkInfo, *,
          everywhere: bool = False, status: int = 200) -> Response:
    lang = language(request)
    if link.state == portfolio.ANSWERED:
        _wizard, shown = _view(site, link)
        return site.render("sent.html.j2", lang, page=shown)
    wizard, shown = _view(site, link, everywhere=everywhere)
    answers = wizard.answers
    title = _title(answers)
    return site.render("form.html.j2", lang, status, page=shown, csrf=guard.csrf_token(session),
                       note=link.note, title=title, tried=everywhere,
                       expires=link.expires_at.astimezone(), base=_base(request))


def _title(answers: Mapping[str, Any]) -> str:
    """The registration as its client knows it: the account's name, else the organization's
    (never the consultant's own label for the client)."""
    for part in ("profile", "organization"):
        value = answers.get(part)
        if isinstance(value, Mapping) and isinstance(value.get("name"), str):
            return controls.printable(value["name"])
    return ""


async def form_page(site: Site, request: Request) -> Response:
    def job() -> Response:
        session, link = _link(site, request)
        return _form(site, request, session, link)

    return await run_in_threadpool(site.work, language(request), job)


async def read_form(request: Request) -> list[tuple[str, str]] | Refusal:
    """The posted form's fields, read up to the body limit, as text; a Refusal for a body
    that is too large, not a form, or not UTF-8."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return Refusal(415, _("This page takes only its own form"), _(
            "Please go back to the form and try again."))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > guard.MAX_BODY:
            return Refusal(413, _("Too much at once"), _("That was more than a form can hold."))
    try:
        text = body.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                         encoding="utf-8", errors="strict", max_num_fields=guard.MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return Refusal(400, _("This page takes only its own form"), _(
            "Please go back to the form and try again."))


def _checked(site: Site, request: Request, fields: list[tuple[str, str]]
             ) -> tuple[str, LinkInfo, dict[str, str]]:
    """A post's session and link, after its Origin, CSRF token and the save limit."""
    if not guard.same_origin(request.headers, own_origin(request), site.public_origin):
        raise Refusal(403, _("This page takes only its own form"), _(
            "Please open your link again and fill in the form there."))
    session, link = _link(site, request)
    values = dict(fields)
    if not guard.csrf_ok(session, values.get("csrf")):
        raise Refusal(403, _("This page takes only its own form"), _(
            "Please open your link again and fill in the form there."))
    if not site.limits.saves.allow(session):
        raise Refusal(429, _("Too many saves"), _("Please wait a few minutes and try again."))
    if link.state != portfolio.OPEN:
        raise sent()
    return session, link, values


def _apply(link: LinkInfo, shown: page.Page, answers: Mapping[str, Any],
           values: Mapping[str, str]
           ) -> tuple[dict[str, Any], list[str], list[str], dict[str, str]]:
    """The posted answers on the page's fields into the client's answers: (answers, paths
    changed, paths typed, refused: path -> why). A personal number left empty keeps the one
    given before; text with a control character or too long is refused, not saved."""
    given = dict(link.answers)
    current = dict(answers)
    typed = list(link.typed)
    changed: list[str] = []
    refused: dict[str, str] = {}
    for path, field in shown.paths.items():
        if path not in values:
            continue
        text = values[path]
        if len(text) > guard.MAX_VALUE:
            refused[path] = _("is too long")
            continue
        found = controls.find(text)
        if found:
            refused[path] = _("contains a control character or line break ({char}); type it "
                              "again without it").format(char=controls.code_point(found[0]))
            continue
        value = page.typed(field.meta, text)
        if page.sensitive(path):
            if value is None:
                continue  # empty: the number given before stays
            if path not in typed:
                typed.append(path)
        if links.answer_at(current, path) == value:
            continue
        given = page.put(given, current, path, value)
        current = links.client_answers(current, given, link.parts)
        changed.append(path)
    return given, changed, typed, refused


def _save(site: Site, session: str, link: LinkInfo, given: dict[str, Any],
          changed: list[str], typed: list[str]) -> tuple[LinkInfo, bool]:
    if not changed and list(typed) == list(link.typed):
        return link, False
    return site.store.save_client_answers(session, given, typed, changed), True


async def field_post(site: Site, request: Request) -> Response:
    """One answer saved as the client leaves its field (htmx); the answer is its error line."""
    fields = await read_form(request)
    lang = language(request)

    def job() -> Response:
        if isinstance(fields, Refusal):
            raise fields
        session, link, values = _checked(site, request, fields)
        path = values.get("path", "")
        wizard, shown = _view(site, link)
        if path not in shown.paths:
            raise Refusal(400, _("This page takes only its own form"), _(
                "Please go back to the form and try again."))
        given, changed, typed, refused = _apply(link, shown, wizard.answers,
                                                {path: values.get(path, "")})
        link, saved = _save(site, session, link, given, changed, typed)
        _wizard, shown = _view(site, link, everywhere=True)  # left: said even when empty
        field = shown.paths[path]
        error = refused.get(path) or field.error
        return site.render("field_error.html.j2", lang, field=field, error=error,
                           warning="" if error else field.warning, saved=saved)

    return await run_in_threadpool(site.work, lang, job)


async def form_post(site: Site, request: Request) -> Response:
    """The whole form: save it, add or remove an operator, or send it to the consultant."""
    fields = await read_form(request)
    lang = language(request)

    def job() -> Response:
        if isinstance(fields, Refusal):
            raise fields
        session, link, values = _checked(site, request, fields)
        wizard, shown = _view(site, link)
        given, changed, typed, _refused = _apply(link, shown, wizard.answers, values)
        link, _saved = _save(site, session, link, given, changed, typed)
        action = values.get("do", "save")
        target = f"{_base(request)}/form"
        if action.startswith(("add:", "remove:")):
            _op, part, *rest = action.split(":")
            if part in link.parts:
                wizard, _shown = _view(site, link)
                group = links.part_group(wizard.entity, part, wizard.answers)
                number = int(rest[0]) if rest and rest[0].isdigit() else None
                if group.repeated and (action.startswith("add:") or number is not None):
                    after = page.with_item(link.answers, wizard.answers, group, number)
                    link = site.store.save_client_answers(
                        session, after, link.typed,
                        links.changed(wizard.answers, after, link.parts))
            return RedirectResponse(f"{target}#{part}", status_code=303)
        if action == "send":
            wizard, shown = _view(site, link, everywhere=True)
            if links.issues(wizard, link.parts):
                return _form(site, request, session, link, everywhere=True, status=422)
            site.store.send_link(session)
        return RedirectResponse(target, status_code=303)

    return await run_in_threadpool(site.work, lang, job)
