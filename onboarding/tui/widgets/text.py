"""Text on screen that changes as answers are typed."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def show(widget: Static, content: VisualType) -> None:
    """Update `widget` only when its text changes: every update lays the screen out again,
    and a keystroke would otherwise redo it for every label on it."""
    if widget.content != content:
        widget.update(content)
