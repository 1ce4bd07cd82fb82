"""The keys line at the bottom of every screen."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

WIDE = 110  # columns from which a screen lays out wide (help beside the form)


class KeysFooter(Footer):
    """Textual's footer, compact on a narrow terminal so that every key fits in 80 columns."""

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < WIDE
