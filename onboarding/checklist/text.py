"""The checklist's sentences as parts: words, and the values a client copies or fills in.

A value the client types character by character (a credit code, a passport number, a
WeChat ID) is a `Code`, the client's own words (a name) are `Given`, a date is a `Day`, an
answer still to be given is a `Blank`: the data says what each part is, each format decides
how it looks (a monospaced face, a date that never breaks at its hyphen, a line to write
on, a name never a link). Sentences are written once, as
translatable templates with `{name}` places (`said`), so a translation moves the values
with the words.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.figures import figure
from forms.personal import is_removed
from forms.words import rendered
from onboarding.lookup import Lookup, lookup


@dataclass(frozen=True)
class Code:
    """Typed exactly as printed: set in a monospaced face, 0 and O apart."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Day:
    """A date, kept on one line."""

    text: str

    def __str__(self) -> str:
        return self.text


class Given(str):
    """The client's own words (a name, an introduction): shown as text, never as anything a
    format might act on (in Markdown not even a link); the document's words are plain str."""


@dataclass(frozen=True)
class Blank:
    """An answer not given yet: room to write it by hand."""

    def __str__(self) -> str:
        return "________"


Part = str | Given | Code | Day | Blank
Text = tuple[Part, ...]

_FORMATTER = string.Formatter()


def t() -> Lookup:
    """The lookup of the language the checklist is being written in."""
    return lookup()


def said(template: str, **values: Any) -> Text:
    """`template` with each `{name}` replaced by its value (a str, a part, or a Text; None
    leaves a Blank), and each other `{NAME}` by the rulebook's figure."""
    parts: list[Part] = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(template):
        if literal:
            parts.append(literal)
        if name is None:
            continue
        value = values[name] if name in values else figure(name, t())
        if value is None:
            parts.append(Blank())
        elif isinstance(value, tuple):
            parts.extend(value)
        elif isinstance(value, Code | Day | Blank):
            parts.append(value)
        elif isinstance(value, date):
            parts.append(Day(value.isoformat()))
        elif is_removed(value):
            parts.append(t()(value))
        else:
            shown = str(rendered(value, t()))
            parts.append(Given(shown) if isinstance(value, str) else shown)
    return _joined(parts)


def words(text: str) -> Text:
    """A plain sentence as a Text."""
    return (text,) if text else ()


def given(value: str) -> Text:
    """The client's own words as a Text."""
    return (Given(value),) if value else ()


def code(value: Any) -> Part:
    """A value typed exactly, a Blank when not given yet; a value a purge removed is words
    ("(removed)", in the document's language), nothing to type."""
    if value is None or value == "":
        return Blank()
    return t()(str(value)) if is_removed(value) else Code(str(value))


def plain(text: Text) -> str:
    """The words alone, as one string (a Blank as a line)."""
    return "".join(str(part) for part in text)


def _joined(parts: list[Part]) -> Text:
    """Neighbouring words as one string, so a format sees whole phrases (the document's
    with the document's, the client's with the client's)."""
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if isinstance(part, str) and isinstance(last, str) and type(part) is type(last):
            out[-1] = type(part)(last + part)
        else:
            out.append(part)
    return tuple(out)
