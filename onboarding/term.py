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
    """Aligned columns (CJK-aware: a Chinese character is two cells); colour on a terminal.

    `styles` gives a style per row ("red" for overdue), ignored when piped. Written line by
    line, so a portfolio of 100,000 rows prints in a moment (Rich's Table measures and
    wraps every cell: minutes at that size); cells are text, never markup.
    """
    from rich.cells import cell_len

    table = [list(headers), *(list(row) for row in rows)]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(headers))]
    colour = use_colour(sys.stdout)
    out = []
    for n, row in enumerate(table):
        line = "  ".join(cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(row))
        style = "bold" if n == 0 else (styles[n - 1] if n - 1 < len(styles) else "")
        out.append(paint(line, style) if colour and style else line)
    sys.stdout.write("\n".join(out) + "\n")
