"""The words a person reads, in their language: gettext catalogs managed with Babel.

Every user-facing string is an English msgid marked with `_()` (or `ngettext()`), or with
`N_()` where it is defined before it is shown (the domain's message templates, labels in
tables); the edge translates it when it shows it. The catalogs are the `.po` files in
`onboarding/locale/<lang>/LC_MESSAGES/onboarding.po`, kept in the repository; building the
package compiles each into the `.mo` beside it (`hatch_build.py`), which is what is read.

The languages are `LANGUAGES`, one line each: what differs between them (punctuation,
whether the WeChat backend speaks it) is data there (`forms.words.Writing`), never an `if`
on a language's code. Adding one is that line and its catalog.

Maintaining the catalogs (see the README):

    pybabel extract -F pyproject.toml -o onboarding/locale/onboarding.pot .
    pybabel update -i onboarding/locale/onboarding.pot -d onboarding/locale -D onboarding
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from forms.words import ENGLISH, Writing, rendered

TYPE_CHECKING = False  # typing's, without loading typing (see forms.words)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Protocol

    class Catalog(Protocol):
        def gettext(self, message: str, /) -> str: ...
        def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...

Language = str
"""A language's code, one of `LANGUAGES`."""
Setting = Callable[[], "Language | None"]
"""The language the settings choose, read when asked (the settings sit a floor above)."""

LANGUAGES: dict[Language, Writing] = {w.code: w for w in (
    ENGLISH,
    Writing("zh", "中文", tag="zh-Hans", backend=True, brackets=("（", "）"), colon="：",
            semicolon="；", comma="，", lead="：", gap=""),
)}
"""Every language the product speaks, in the order a language switch goes through them."""
DOMAIN = "onboarding"
# gettext and pathlib are imported only when a word is first needed:
# `onboarding --help` stays fast.
LOCALE_DIR: str | Path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


class _English:
    """English: the msgids themselves (gettext's NullTranslations, without importing it)."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


_active: Catalog = _English()
_active_language: Language = ENGLISH.code
_deferred: tuple[str | None, Setting | None] | None = None  # use_resolved(): at the first word


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; `_()` translates it when shown."""
    return message


class _Lookup:
    """`_`: the active language's word for a msgid. It also answers `_.language`,
    `_.writing` and `_.ngettext(...)`, so the domain's texts (`forms.words`:
    `issue.render(_)`, `message.render(_)`, `term.render(_)`) follow its plurals and its
    way of naming and writing."""

    def __call__(self, message: str) -> str:
        if _deferred is not None:
            _settle()
        return _active.gettext(message) if message else ""  # gettext's "" is the header

    @property
    def language(self) -> Language:
        return current()

    @property
    def writing(self) -> Writing:
        return LANGUAGES[current()]

    @staticmethod
    def ngettext(singular: str, plural: str, n: int) -> str:
        if _deferred is not None:
            _settle()
        return _active.ngettext(singular, plural, n)


_ = _Lookup()
ngettext = _.ngettext


def said_error(problem: object) -> str:
    """An error's one-line reason in the interface's language, for both faces: an engine
    error made from a Message is said in the language, a refused registration by the
    rules' own messages."""
    issues = getattr(problem, "issues", None)
    if issues:
        return "; ".join(issue.render(_) for issue in issues)
    text = problem.args[0] if isinstance(problem, Exception) and len(problem.args) == 1 \
        else problem
    return str(rendered(text, _))


def said(text: object) -> str:
    """A text from elsewhere in the interface's language: one that renders itself (a domain
    Message or Term) renders; a plain marked msgid is looked up; empty stays empty."""
    if not text:
        return ""
    if current() == ENGLISH.code:  # English is the value: nothing to look up (fast at 100k)
        return str(text)
    render = getattr(text, "render", None)
    if callable(render):
        return str(render(_))
    return _(str(text)) if text else ""


def current() -> Language:
    if _deferred is not None:
        _settle()
    return _active_language


def writing() -> Writing:
    """How the language in use is written (its punctuation, for a line put together)."""
    return LANGUAGES[current()]


def following(lang: Language | None = None) -> Language:
    """The language a switch goes to from `lang` (else the current one): the next in
    `LANGUAGES`, round again after the last."""
    codes = list(LANGUAGES)
    here = codes.index(lang or current()) if (lang or current()) in codes else -1
    return codes[(here + 1) % len(codes)]


def catalog_path(lang: Language) -> Path:
    from pathlib import Path

    return Path(LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: Language) -> Catalog:
    """The catalog of a language (English is the msgids themselves): the `.mo` file that
    building the package compiled from the `.po` beside it. In a checkout whose `.po` has
    changed since (or was never built), the `.po` as it is now, compiled in memory."""
    if lang == ENGLISH.code:
        return _English()
    import gettext

    source = catalog_path(lang)
    built = source.with_suffix(".mo")
    if _fresh(built, source):
        with built.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    from io import BytesIO

    return gettext.GNUTranslations(BytesIO(compile_catalog(source.read_bytes(), lang)))


def _fresh(built: Path, source: Path) -> bool:
    try:
        made = built.stat().st_mtime
    except FileNotFoundError:
        return False
    try:
        return made >= source.stat().st_mtime
    except FileNotFoundError:  # an installed wheel may ship the .mo alone
        return True


def compile_catalog(po: bytes, lang: Language) -> bytes:
    """A `.po` catalog as `.mo` bytes (fuzzy entries left out), as the build hook makes it."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(BytesIO(po), locale=lang, domain=DOMAIN)
    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def use(lang: Language) -> None:
    """Switch every later lookup to `lang` (the TUI's live switch, a command's --lang)."""
    global _active, _active_language, _deferred
    _active, _active_language, _deferred = translations(lang), lang, None


def use_resolved(explicit: str | None = None, setting: Setting | None = None) -> None:
    """Use `resolve(explicit, setting)`'s language, chosen when the first word is asked
    for: a command that says nothing of its own (`--help`) never reads the settings."""
    global _deferred
    _deferred = (explicit, setting)


def _settle() -> None:
    global _deferred
    if _deferred is not None:  # cleared first: reading the settings may ask for words
        (explicit, setting), _deferred = _deferred, None
        use(resolve(explicit, setting))


@contextmanager
def language(lang: Language) -> Iterator[None]:
    """Words in `lang` for the duration (a checklist in another language than the screen)."""
    before = current()
    use(lang)
    try:
        yield
    finally:
        use(before)


def from_locale(environ: os._Environ[str] | dict[str, str] | None = None) -> Language | None:
    """The language the locale names (LC_ALL, then LC_MESSAGES, then LANG: `zh_CN.UTF-8`
    names zh), when it is one of ours."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            code = value.replace("-", "_").partition("_")[0].partition(".")[0].lower()
            return code if code in LANGUAGES else None
    return None


def resolve(explicit: str | None = None, setting: Setting | None = None) -> Language:
    """--lang, then the settings' language (`setting`: `onboarding.settings.language_setting`,
    ONBOARDING_LANG or the settings file, handed down by the face that reads them), then the
    locale, else English."""
    if explicit in LANGUAGES:
        return explicit
    return (setting() if setting else None) or from_locale() or "en"
