"""Characters that are never part of an answer and never reach a screen raw.

Control codes (C0, DEL, C1: NUL, ESC, BEL, new lines, tabs...), the Unicode line and
paragraph separators, the bidirectional overrides and the zero-width spaces can retitle or
clear a terminal, forge output, break a document's lines, reorder what a reader sees or
make two different names look the same. The forms refuse them in every text field, and the
settings in every text and path (`find`); every face shows any that reach it from
elsewhere (a key, an old store) as visible escapes (`printable`), never as themselves.
"""

from __future__ import annotations

import re

# What JSON, the terminal and every document would pass on raw (outside C0).
_INVISIBLE = (
    "\x7f-\x9f"  # DEL, C1
    "\u2028\u2029"  # line and paragraph separators
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks and overrides
    "\u200b\u2060-\u2064\ufeff\u180e"  # zero-width spaces, joiners and invisible operators
)
_CONTROLS = re.compile(
    "["
    "\x00-\x1f"  # C0
    f"{_INVISIBLE}"
    "\ud800-\udfff"  # lone surrogates (no character at all; cannot be encoded)
    "]"
)


def find(text: str) -> list[str]:
    """The control characters in `text`, in order (empty when it has none)."""
    return _CONTROLS.findall(text)


def code_point(char: str) -> str:
    """'\\x1b' -> 'U+001B': how a message names a character it must not print."""
    return f"U+{ord(char):04X}"


def _escaped(match: re.Match[str]) -> str:
    cp = ord(match.group())
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def printable(text: object) -> str:
    """`text` as one safe line: every control character shown as its escape (`\\x1b`)."""
    return _CONTROLS.sub(_escaped, str(text))


# What json.dumps(ensure_ascii=False) leaves raw: it escapes C0 itself (the new lines
# and spaces of its indentation are the only C0 characters outside its strings).
_JSON_RAW = re.compile(f"[{_INVISIBLE}]")


def escape_json(text: str) -> str:
    """JSON text with every control character inside its strings written as a \\u escape."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def remove(text: str) -> str:
    """`text` without its control characters (for an input box, where escapes would be
    typed over as if they were text)."""
    return _CONTROLS.sub("", text)
