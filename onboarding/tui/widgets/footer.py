"""The keys line at the bottom of every screen."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

from onboarding.i18n import _
from onboarding.tui.compat import FooterKey

WIDE = 110  # columns from which a screen lays out wide (help beside the form)


class KeysFooter(Footer):
    """Textual's footer, compact on a narrow terminal so that every key fits in 80 columns,
    its keys said in the language on screen.

    Bindings are declared once, at class level, with English descriptions marked `N_()`;
    Textual's footer rebuilds its keys whenever the bindings change (a language switch
    refreshes them), and each key's words are translated here as it is built.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < WIDE
