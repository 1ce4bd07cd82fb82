"""Textual's command palette, with its own few words in the language on screen."""

from __future__ import annotations

from onboarding.i18n import _
from onboarding.tui.compat import WordedPalette


class Palette(WordedPalette):
    """The command palette; its prompt and its "no matches" line are translated (a test
    searches for nothing in Chinese to keep it honest)."""

    def __init__(self, placeholder: str, **kwargs: object) -> None:
        super().__init__(placeholder=placeholder, **kwargs)  # type: ignore[arg-type]

    def no_matches(self) -> str:
        return _("No matches found")
