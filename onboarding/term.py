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

from forms.controls import escape_json, printable

_CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2", "cyan": "36"}


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def plain(text: object) -> str:
    """One value as it may reach a terminal: control characters shown as escapes."""
    return printable(text)


def json_text(data: object) -> str:
    """JSON for scripts, readable (non-ASCII kept, a list one item a line), safe on a terminal.

    `ensure_ascii=False` would leave DEL, C1 codes and line separators raw inside strings;
    they are written as \\u escapes instead, which every JSON reader decodes the same.
    """
    import json

    if isinstance(data, list):  # one item a line: the C encoder, fast at 100,000 rows
        items = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in data)
        return escape_json(f"[\n{items}\n]" if data else "[]")
    return escape_json(json.dumps(data, ensure_ascii=False, indent=2))


def paint(text: object, colour: str, stream: TextIO | None = None) -> str:
    """`text` shown as text (see `plain`), in `colour` when a person is watching."""
    stream = stream or sys.stdout
    shown = plain(text)
    return f"\x1b[{_CODES[colour]}m{shown}\x1b[0m" if use_colour(stream) else shown


def is_interactive(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def columns(stream: TextIO | None = None) -> int | None:
    """How many columns a person reads `stream` at: COLUMNS when set, else its terminal's;
    None when it goes to a file or a pipe (a script gets every cell whole)."""
    stream = stream or sys.stdout
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    if not is_interactive(stream):
        return None
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        return None


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]], styles: Sequence[str] = (),
                give: int | None = None) -> None:
    """Aligned columns (CJK-aware: a Chinese character is two cells); colour on a terminal.

    `styles` gives a style per row ("red" for overdue), ignored when piped. Written line by
    line, so a portfolio of 100,000 rows prints in a moment (Rich's Table measures and
    wraps every cell: minutes at that size); cells are text, never markup. Column `give`
    gives way when the rows are wider than the terminal (`columns`), down to its header's
    width: its longer cells end in "…", so a row never wraps.
    """
    from rich.cells import cell_len, set_cell_size

    table = [list(headers), *([plain(cell) for cell in row] for row in rows)]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(headers))]
    room = columns()
    over = sum(widths) + 2 * (len(widths) - 1) - room if room and give is not None else 0
    if give is not None and over > 0:
        widths[give] = max(cell_len(table[0][give]), widths[give] - over)
        for row in table[1:]:
            if cell_len(row[give]) > widths[give]:
                row[give] = set_cell_size(row[give], widths[give] - 1) + "…"
    colour = use_colour(sys.stdout)
    out = []
    for n, row in enumerate(table):
        line = "  ".join(cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(row))
        style = "bold" if n == 0 else (styles[n - 1] if n - 1 < len(styles) else "")
        out.append(paint(line, style) if colour and style else line)
    sys.stdout.write("\n".join(out) + "\n")
