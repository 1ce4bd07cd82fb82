"""Terminal output conventions: colour only where a person is watching; text as text.

Everything printed here is shown as text: control characters in it (escape sequences,
new lines inside a value) appear as escapes such as `\x1b`, and table cells are never
read as Rich markup, so a client named `ACME [/HK]` or `\x1b]0;...` prints as itself.
"""

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


def plain(text: object) -> str:
    """One value as it may reach a terminal: control characters shown as escapes."""
    from forms.controls import printable

    return printable(text)


def json_text(data: object) -> str:
    """JSON for scripts, readable (non-ASCII kept) yet safe on a terminal.

    `ensure_ascii=False` would leave DEL, C1 codes and line separators raw inside strings;
    they are written as \\u escapes instead, which every JSON reader decodes the same.
    """
    import json

    from forms.controls import escape_json

    return escape_json(json.dumps(data, ensure_ascii=False, indent=2))


def paint(text: object, colour: str, stream: TextIO | None = None) -> str:
    """`text` shown as text (see `plain`), in `colour` when a person is watching."""
    stream = stream or sys.stdout
    shown = plain(text)
    return f"\x1b[{_CODES[colour]}m{shown}\x1b[0m" if use_colour(stream) else shown


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
    from rich.text import Text

    colour = use_colour(sys.stdout)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold" if colour else "")
    for header in headers:
        table.add_column(header, overflow="fold")
    for i, row in enumerate(rows):
        cells = [Text(plain(cell)) for cell in row]  # text, never markup
        table.add_row(*cells, style=(styles[i] if colour and i < len(styles) else None))
    Console(
        file=sys.stdout, no_color=not colour, force_terminal=colour,
        width=None if is_interactive() else 200, highlight=False,
    ).print(table)
