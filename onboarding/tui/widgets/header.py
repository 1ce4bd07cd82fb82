"""The title bar of every screen, with the key that switches the language at its right.

The language key sits in the header, not the footer: the footer's keys already fill 80
columns, and a reader who does not read the language on screen looks for their own
language's name where most programs put it, top right.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header

from onboarding import i18n
from onboarding.i18n import _
from onboarding.tui.compat import HeaderIcon, HeaderTitle

LANGUAGE_KEY = "f4"


class LanguageKey(Widget):
    """'f4 中文' in English, 'f4 English' in Chinese: press or click it to switch."""

    DEFAULT_CSS = """
    LanguageKey {
        dock: right;
        width: auto;
        padding: 0 1;
    }
    LanguageKey:hover {
        background: $foreground 10%;
    }
    """

    def on_mount(self) -> None:
        self.tooltip = _("Switch the language of the screens (remembered)")

    def render(self) -> Content:
        other = i18n.LANGUAGES[i18n.following()].name
        return Content.assemble((LANGUAGE_KEY, "bold $accent"), " ", other)

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.run_action("app.language")


class PaletteIcon(HeaderIcon):
    """Textual's icon that opens the palette, its tooltip in the language on screen."""

    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # Textual's handler would set its English tooltip after this
        self.tooltip = _("Open the command palette")


class TitleBar(Header):
    """Textual's header (icon, title), with the language key where its clock would be (docked,
    so a long title ends in "…" before it, never under it)."""

    def compose(self) -> ComposeResult:
        yield PaletteIcon().data_bind(Header.icon)
        yield HeaderTitle()
        yield LanguageKey()
