"""Where the focus is on a screen, kept across a language switch (the screen composed again).

Apart from the dialogs, so that the home screen's first frame does not import them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.screen import Screen


@dataclass(frozen=True)
class Focus:
    """Where the focus is on a screen, so that it can be put back after the screen is
    composed again: the widget (by ID, else by its place in the focus chain) and, in a
    text field, the cursor and selection."""

    widget_id: str | None
    place: int
    selection: Any = None


def focus_of(screen: Screen) -> Focus:
    focused = screen.focused
    if focused is None:
        return Focus(None, -1)
    chain = screen.focus_chain
    place = chain.index(focused) if focused in chain else -1
    return Focus(focused.id, place, getattr(focused, "selection", None))


def refocus(screen: Screen, where: Focus) -> None:
    """Focus the same widget again after a screen is composed anew (or the first), its
    cursor where it was: a text field selects all of itself on focus, after which the
    selection is put back (a callback queued behind the focus event)."""
    found = screen.query(f"#{where.widget_id}") if where.widget_id else None
    chain = screen.focus_chain
    widget = (found.first() if found else
              chain[where.place] if 0 <= where.place < len(chain) else None)
    if widget is None:
        screen.focus_next()
        return
    screen.set_focus(widget)  # now: its focus event is queued before the callback below
    if where.selection is not None and hasattr(widget, "selection"):
        widget.call_later(setattr, widget, "selection", where.selection)
