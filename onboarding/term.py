"""Terminal output conventions: colour only where a person is watching."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

_CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2", "cyan": "36"}


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def paint(text: str, colour: str, stream: TextIO | None = None) -> str:
    stream = stream or sys.stdout
    return f"\x1b[{_CODES[colour]}m{text}\x1b[0m" if use_colour(stream) else text


def is_interactive(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]], styles: Sequence[str] = ()
                ) -> None:
    """Aligned columns (CJK-aware via Rich); a box and colour only on a terminal.

    `styles` gives a Rich style per row (e.g. "red" for overdue), ignored when piped.
    """
    from rich.console import Console
    from rich.table import Table

    colour = use_colour(sys.stdout)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold" if colour else "")
    for header in headers:
        table.add_column(header, overflow="fold")
    for i, row in enumerate(rows):
        table.add_row(*row, style=(styles[i] if colour and i < len(styles) else None))
    Console(
        file=sys.stdout, no_color=not colour, force_terminal=colour,
        width=None if is_interactive() else 200, highlight=False,
    ).print(table)
