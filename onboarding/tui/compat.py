"""Every private part of Textual and textual-fastdatatable the TUI, its tests and the
benchmark reach for, in this one module.

Both libraries are pinned (pyproject.toml: textual <9, textual-fastdatatable <0.20). Each hook
below names what it relies on, and tests/tui/test_compat.py has a test per hook that fails
when an upgrade takes that away or changes a method copied or stood in for here, so an
upgrade fails in one place, with the hook's name, instead of on a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderIcon, HeaderTitle
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual import events
    from textual.app import App
    from textual.notifications import Notification
    from textual_fastdatatable import DataTable

__all__ = [
    "NO_MATCHES",
    "PALETTE_KEY",
    "FooterKey",
    "HeaderIcon",
    "HeaderTitle",
    "WordedPalette",
    "forget_layout",
    "notifications",
    "send_key",
    "watch_updates",
]

# The header's parts (textual/widgets/_header.py, exported only as `Header`): the title bar
# composes them as Header.compose does, with the language key where the clock would be, and
# its icon stands in for HeaderIcon.on_mount, which sets an English tooltip.
# The footer's key (textual/widgets/_footer.py): KeysFooter translates each key's
# `description` and `tooltip` as Footer.compose makes them.

PALETTE_KEY = "-command-palette"
"""The class of the footer's key that opens the command palette (Footer.compose)."""

NO_MATCHES: str = CommandPalette._NO_MATCHES
"""The id of the palette's "No matches found" line in its command list."""


class WordedPalette(CommandPalette):
    """Textual's command palette, its "No matches found" line in `no_matches()`'s words.

    Textual writes that line in English inside `_start_no_matches_countdown`; this is that
    method copied from textual/command.py (8.x), only the words changed. The test holds a
    fingerprint of Textual's own, so a change there is seen and copied again.
    """

    def no_matches(self) -> str:
        return "No matches found"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(self.no_matches(), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)


def forget_layout(table: DataTable) -> None:
    """Make a fast table lay out and draw its new backend afresh.

    textual-fastdatatable builds a table per data set and has no call to swap one: its
    render caches, its columns (measured from the backend), its dimensions (recomputed on
    idle when asked) and its update count (part of every cache key) are reset here.
    """
    table._clear_caches()
    table._ordered_columns = None
    table._require_update_dimensions = True
    table._update_count += 1


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications the app shows now (the tests read what the person was told)."""
    return list(app._notifications)


def watch_updates(app: App[Any], seen: Callable[[Any], None]) -> None:
    """Call `seen(update)` with every screen update the app sends to the terminal, before it
    is sent (the benchmark times what the person sees change)."""
    original = app._display

    def display(screen: Any, update: Any) -> None:
        if update is not None:
            seen(update)
        original(screen, update)

    app._display = display  # type: ignore[method-assign,assignment]


def send_key(app: App[Any], event: events.Key) -> None:
    """Hand a key to the app as its terminal driver does (no pilot waiting on it)."""
    assert app._driver is not None, "the app is not running"
    app._driver.send_message(event)
