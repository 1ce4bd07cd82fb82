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

A `translate` is any `str -> str` lookup; when it also has `ngettext` and `writing`
(as `onboarding.i18n._` does), plurals and the language's way of writing follow it.

How a language is written is data (`Writing`: its punctuation, whether the WeChat backend
speaks it), never an `if` on its code; `naming` is the one rule for what the backend names
(a field, a step, a choice, a region): in a language the backend speaks, its own term alone;
in any other, the name in that language with the backend's term beside it.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

# typing.TYPE_CHECKING without importing typing, which `onboarding --help` (these words and
# argparse, within 3x `python -c pass`) does not otherwise load: 3 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
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


class Writing:
    """A language as texts are written in it. `onboarding.i18n.LANGUAGES` lists them; what
    differs between languages is here, so adding one is a line there and its catalog."""

    __slots__ = ("backend", "brackets", "code", "colon", "comma", "gap", "lead", "name",
                 "semicolon", "tag")

    def __init__(self, code: str, name: str, *, tag: str = "", backend: bool = False,
                 brackets: tuple[str, str] = (" (", ")"), colon: str = ": ",
                 semicolon: str = "; ", comma: str = ", ", lead: str = " ",
                 gap: str = " ") -> None:
        self.code = code  # the catalog's folder and --lang's choice: "zh"
        self.name = name  # the language in its own words, as a language switch shows it: "中文"
        self.tag = tag  # BCP 47, as a document's lang attribute says it (default: the code)
        self.backend = backend  # the WeChat backend speaks it: its own term names a thing alone
        self.brackets = brackets  # around a term said beside a name
        self.colon = colon  # between a label and its value
        self.semicolon = semicolon
        self.comma = comma
        self.lead = lead  # between a word and its value in a run-on line ("added 2026-11-21")
        self.gap = gap  # between two sentences

    @property
    def bcp47(self) -> str:
        return self.tag or self.code

    def __repr__(self) -> str:
        return f"Writing({self.code!r}, {self.name!r})"


ENGLISH = Writing("en", "English")
"""The msgids' own language: a plain function (`english`) writes it."""


def writing(translate: Translate) -> Writing:
    """How the language of a lookup is written (English for a plain function)."""
    found = getattr(translate, "writing", None)
    return found if isinstance(found, Writing) else ENGLISH


def language(translate: Translate) -> str:
    """The language a lookup answers in ('en' for a plain function)."""
    return writing(translate).code


def naming(en: str, zh: str, translate: Translate = english) -> tuple[str, str]:
    """How a thing the WeChat backend names (a field, a step, a choice, a region) is named
    in `translate`'s language, as (name, beside): in a language the backend speaks, the
    backend's own term alone ('服务号', ''); in any other, the English name in that language
    with the backend's Chinese term beside it ('Service account', '服务号'). The one rule
    every face follows, whether it joins the two on a line or dims the second."""
    if zh and writing(translate).backend:
        return zh, ""
    return (en if translate is english or not en else translate(en)), zh


def named(en: str, zh: str, translate: Translate = english, *, paired: bool = True) -> str:
    """`naming` on one line: 'Service account (服务号)', '服务号'; the name alone when not
    `paired`."""
    name, beside = naming(en, zh, translate)
    if not (paired and beside):
        return name
    left, right = writing(translate).brackets
    return f"{name}{left}{beside}{right}"


def sentences(texts: Sequence[str], translate: Translate = english) -> str:
    """Sentences said one after another, as the language spaces them (none in Chinese)."""
    return writing(translate).gap.join(t for t in texts if t)


def ngettext(translate: Translate, singular: str, plural: str, n: int) -> str:
    """The singular or plural msgid, looked up with `translate`'s plural rule if it has one."""
    lookup = getattr(translate, "ngettext", None)
    if lookup is not None:
        return str(lookup(singular, plural, n))
    return singular if n == 1 else plural


if TYPE_CHECKING:
    @runtime_checkable
    class Renders(Protocol):
        """A value that says itself in a language (a Message, a Term)."""

        def render(self, translate: Translate = english) -> str: ...
else:
    class _Rendering(type):
        def __instancecheck__(cls, value: object) -> bool:
            return callable(getattr(value, "render", None))

    class Renders(metaclass=_Rendering):
        """At run time, `isinstance(value, Renders)` as the protocol above answers it."""


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
    """A name the WeChat backend has its own Chinese for, said by `named`: its value is the
    English ('Service account (服务号)' when `paired`, else 'Service account')."""

    en: str
    zh: str
    paired: bool

    def __new__(cls, en: str, zh: str, *, paired: bool = True) -> Term:
        self = super().__new__(cls, named(en, zh, paired=paired))
        self.en, self.zh, self.paired = en, zh, paired
        return self

    def render(self, translate: Translate = english) -> str:
        if translate is english:
            return str.__str__(self)
        return named(self.en, self.zh, translate, paired=self.paired)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_term, (self.en, self.zh, self.paired))


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
        return str.__str__(self) if language(translate) == ENGLISH.code \
            else translate(self.gist)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Detail, (str.__str__(self), self.gist))


def rendered(value: Any, translate: Translate = english) -> Any:
    """A param as it goes into a text: a text that renders itself, in the language."""
    return value.render(translate) if isinstance(value, Renders) else value


class Listed(str):
    """Items joined as a list is written in the reader's language ('a, b', 'a、b'); `by`,
    a marked separator (`N_("; ")` between clauses)."""

    items: tuple[str, ...]
    by: str

    def __new__(cls, items: Sequence[str], by: str = ", ") -> Listed:
        self = super().__new__(cls, by.join(items))
        self.items, self.by = tuple(items), by
        return self

    def render(self, translate: Translate = english) -> str:
        return translate(self.by).join(str(rendered(i, translate)) for i in self.items)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Listed, (self.items, self.by))


class Sentences(str):
    """A text composed of sentences written once elsewhere (`forms.sentences`): each a
    marked msgid (its rulebook figures filled when said) or a text that renders itself,
    said one after another as the reader's language spaces them. Its value is the English."""

    parts: tuple[str, ...]

    def __new__(cls, *parts: str) -> Sentences:
        self = super().__new__(cls, _composed(parts, english))
        self.parts = parts
        return self

    def render(self, translate: Translate = english) -> str:
        return _composed(self.parts, translate)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Sentences, self.parts)


def _composed(parts: Sequence[str], translate: Translate) -> str:
    return sentences([str(rendered(again(p), translate)) if isinstance(p, Renders)
                      else Message(p).render(translate) for p in parts], translate)


def again(text: Any) -> Any:
    """A text made again from its templates, so its English reads the rulebook as it is now
    (a text made at import keeps the figures of then; a test may change one)."""
    if isinstance(text, Message):
        return Message._made(text.template, text.plural,
                             {k: again(v) for k, v in text.params.items()})
    if isinstance(text, Listed):
        return Listed([again(i) for i in text.items], text.by)
    if isinstance(text, Sentences):
        return Sentences(*text.parts)
    return text


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


class _Values(dict[str, object]):
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
