"""Textual's command palette, with its own few words in the language on screen."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from onboarding.i18n import _


class Palette(CommandPalette):
    """The command palette; its prompt and its "no matches" line are translated."""

    def __init__(self, placeholder: str, **kwargs: object) -> None:
        super().__init__(placeholder=placeholder, **kwargs)  # type: ignore[arg-type]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's countdown (textual/command.py, pinned below 9), with its line in words
        the catalog holds; a test searches for nothing in Chinese to keep it honest."""
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(_("No matches found"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)
