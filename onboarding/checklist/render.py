"""Render a checklist with the package's Jinja2 templates (HTML escapes all user text)."""

from __future__ import annotations

from functools import cache
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from onboarding.checklist.model import Checklist

FORMATS = {"html": "checklist.html.j2", "md": "checklist.md.j2"}


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("onboarding.checklist", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(checklist: Checklist, fmt: Literal["md", "html"]) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown checklist format {fmt!r} (choose {', '.join(FORMATS)})")
    return _environment().get_template(FORMATS[fmt]).render(c=checklist)
