"""Render a checklist with the package's Jinja2 templates; every value goes in as text.

HTML escapes through Jinja2's autoescape, after control characters are shown as escapes.
Markdown has no autoescape, so the Markdown environment passes every `{{ value }}`
through `markdown_text`: a client name can never become a heading, a link, an image, raw
HTML or a new line of the document.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from forms.controls import printable
from onboarding.checklist.model import Checklist

FORMATS = {"html": "checklist.html.j2", "md": "checklist.md.j2"}

# Characters with a meaning anywhere in a line (CommonMark, GFM tables and strikethrough,
# HTML, an & that starts an entity); a backslash makes each one literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<|~]|&(?=#?\w+;))")
# ... and those that only mean something at the start of a line: a heading, a list item,
# a quote, an ordered item ("2026. ..."), a setext underline or a thematic break.
_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+(?=[.)]))")


def markdown_text(value: Any) -> str:
    """`value` as literal Markdown text on one line."""
    text = printable(value)  # a new line (or any control character) shows as \x0a
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _escape_line_start(text)


def _escape_line_start(text: str) -> str:
    match = _LINE_START.match(text)
    if not match:
        return text
    lead, mark = match.groups()
    if mark[0].isdigit():  # "2026. x" / "1) x": escape the dot or bracket after the number
        end = match.end()
        return f"{text[:end]}\\{text[end:]}"
    return f"{lead}\\{text[len(lead):]}"


@cache
def _environment(fmt: str) -> Environment:
    return Environment(
        loader=PackageLoader("onboarding.checklist", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_text if fmt == "md" else printable,
    )


def render(checklist: Checklist, fmt: Literal["md", "html"]) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown checklist format {fmt!r} (choose {', '.join(FORMATS)})")
    return _environment(fmt).get_template(FORMATS[fmt]).render(c=checklist)
