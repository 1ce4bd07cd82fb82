"""The domain's words: English msgids marked where `forms/` writes them, put into the
reader's language where a face shows them.

`forms/` never imports the application. It marks each text a person reads (Babel extracts
the marks as it does onboarding's `_`, see `[tool.babel]` in pyproject.toml): `N_("...")`
for a fixed text, `Message("... {name} ...", name=value)` for one that carries values and
`counted(singular, plural, count)` for one whose words follow a number. A Message is the
English text itself (a `str`, so English faces, logs and tests read it as before) that
remembers its template and params; `message.render(translate)` says it again in the
language of `translate` (the face's `_`, `onboarding.i18n`). Rulebook figures named in a
template (`{MAX_ACCOUNTS_PER_ADMIN}`) are filled after translating, in the same language.

A `translate` is any `str -> str` lookup; when it also has `ngettext` and `language`
(as `onboarding.i18n._` does), plurals and the WeChat backend's own Chinese terms follow it.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a text for translation where it is written; a face translates it when shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a text with a plural form where it is written (`ngettext` chooses when shown)."""
    return singular, plural


def english(message: str) -> str:
    """The lookup that keeps the English msgid: the default language of every text."""
    return message


def language(translate: Translate) -> str:
    """The language a lookup answers in ('en' for a plain function)."""
    return str(getattr(translate, "language", "en"))


def ngettext(translate: Translate, singular: str, plural: str, n: int) -> str:
    """The singular or plural msgid, looked up with `translate`'s plural rule if it has one."""
    lookup = getattr(translate, "ngettext", None)
    if lookup is not None:
        return str(lookup(singular, plural, n))
    return singular if n == 1 else plural


@runtime_checkable
class Renders(Protocol):
    """A value that says itself in a language (a Message, a Term)."""

    def render(self, translate: Translate = english) -> str: ...


class Message(str):
    """A text built from a marked template and named params; its value is the English.

    Params are values (a number, a day, a person's name: never translated) or texts that
    render themselves (a nested Message, a Term). `count` chooses a `counted` text's form.
    """

    template: str
    plural: str | None
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        return cls._made(template, None, params)

    @classmethod
    def _made(cls, template: str, plural: str | None, params: Mapping[str, Any]) -> Message:
        self = super().__new__(cls, _say(template, plural, params, english))
        self.template, self.plural, self.params = template, plural, MappingProxyType(
            dict(params))
        return self

    def render(self, translate: Translate = english) -> str:
        """The text in `translate`'s language (English: the Message's own value)."""
        if translate is english:
            return str.__str__(self)
        return _say(self.template, self.plural, self.params, translate)

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle keep the template
        return (_rebuild, (self.template, self.plural, dict(self.params)))


def _rebuild(template: str, plural: str | None, params: dict[str, Any]) -> Message:
    return Message._made(template, plural, params)


def counted(singular: str, plural: str, count: int, /, **params: Any) -> Message:
    """A Message whose words follow `count` ('1 day late', '3 days late'); `{count}` in it
    is the number."""
    return Message._made(singular, plural, {**params, "count": count})


class Term(str):
    """A name the WeChat backend has its own Chinese for: a Chinese text says the Chinese
    term alone; English says the English name, with the Chinese beside it when `paired`
    ('Service account (服务号)'), as the value of the Term."""

    en: str
    zh: str

    def __new__(cls, en: str, zh: str, *, paired: bool = True) -> Term:
        self = super().__new__(cls, f"{en} ({zh})" if paired and zh else en)
        self.en, self.zh = en, zh
        return self

    def render(self, translate: Translate = english) -> str:
        return self.zh if language(translate) == "zh" and self.zh else str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_term, (self.en, self.zh, str.__str__(self) != self.en))


def _term(en: str, zh: str, paired: bool) -> Term:
    return Term(en, zh, paired=paired)


class Detail(str):
    """Another library's English words (an email checker's reason), kept as they are in
    English; another language says their gist, a marked msgid."""

    gist: str

    def __new__(cls, text: str, gist: str) -> Detail:
        self = super().__new__(cls, text)
        self.gist = gist
        return self

    def render(self, translate: Translate = english) -> str:
        return str.__str__(self) if language(translate) == "en" else translate(self.gist)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Detail, (str.__str__(self), self.gist))


def rendered(value: Any, translate: Translate = english) -> Any:
    """A param as it goes into a text: a text that renders itself, in the language."""
    return value.render(translate) if isinstance(value, Renders) else value


class Listed(str):
    """Items joined as a list is written in the reader's language ('a, b', 'a、b')."""

    items: tuple[str, ...]

    def __new__(cls, items: Sequence[str]) -> Listed:
        self = super().__new__(cls, ", ".join(items))
        self.items = tuple(items)
        return self

    def render(self, translate: Translate = english) -> str:
        return translate(N_(", ")).join(str(rendered(i, translate)) for i in self.items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Listed, (self.items,))


def either(items: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c': alternatives in the reader's language."""
    if len(items) < 2:
        return "".join(items)
    return Message(N_("{items} or {last}"), items=Listed(items[:-1]), last=items[-1])


def fill(text: str, translate: Translate = english, values: Mapping[str, Any] | None = None
         ) -> str:
    """A text already in its language with its `{name}` places filled: `values` first,
    then the rulebook's figures (`{NAME}`) in that language. KeyError for a name that is
    neither (a typo in a template)."""
    if "{" not in text and "}" not in text:
        return text
    return _FORMATTER.vformat(text, (), _Values(values or {}, translate))


class _Values(dict[str, Any]):
    """Params rendered in the language; a name not given is a rulebook figure."""

    def __init__(self, values: Mapping[str, Any], translate: Translate) -> None:
        super().__init__({k: rendered(v, translate) for k, v in values.items()})
        self.translate = translate

    def __missing__(self, name: str) -> Any:
        from forms.figures import figure

        return figure(name, self.translate)


class _Formatter(string.Formatter):
    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, int):
            raise KeyError(key)  # placeholders are named: a translation reorders them
        return kwargs[key]


_FORMATTER = _Formatter()


def _say(template: str, plural: str | None, params: Mapping[str, Any],
         translate: Translate) -> str:
    if not template:
        return ""  # gettext's "" is the catalog's header, not an empty text
    if plural is None:
        text = translate(template)
    else:
        text = ngettext(translate, template, plural, int(params.get("count", 0)))
    if text not in (template, plural):
        try:
            return fill(text, translate, params)
        except (KeyError, IndexError, ValueError, AttributeError):
            pass  # a slip in a catalog: say it in English rather than fail where it is shown
    return fill(text if text == plural else template, translate, params)
