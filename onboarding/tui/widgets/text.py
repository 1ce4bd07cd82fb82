"""Text on screen: updated only when it changes; prose broken into lines as it is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells, get_character_cell_size
from textual.content import Content
from textual.visual import Visual, VisualType
from textual.widgets import Static

from onboarding.i18n import writing

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.selection import Selection
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions

CLOSING = "，。；：、）！？」』》〉】"  # never the first character of a line of Chinese
OPENING = "（「『《〈【"  # never the last


def show(widget: Static, content: VisualType) -> None:
    """Update `widget` only when its text changes: every update lays the screen out again,
    and a keystroke would otherwise redo it for every label on it."""
    if widget.content != content:
        widget.update(content)


def line_breaks(text: str, width: int) -> list[int]:
    """Where a line of text breaks to fit `width` cells: at spaces, as Textual breaks it
    (rich's `divide_line`: English comes out the same), and between two characters of
    Chinese, which has no spaces (Textual folds it at any character, so a line could start
    with '；'), never before closing punctuation nor after opening. A word wider than a line
    is folded (cut at the width, as Textual cuts it)."""
    starts = [0, *(i for i in range(1, len(text)) if _may_break(text[i - 1], text[i]))]
    offsets: list[int] = []
    used = 0
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        piece = text[start:end]
        needed = cell_len(piece.rstrip())
        if used + needed <= width:
            used += cell_len(piece)
        elif needed > width:
            for line in chop_cells(piece, width):
                if start:
                    offsets.append(start)
                start += len(line)
                used = cell_len(line)
        elif used and start:
            offsets.append(start)
            used = cell_len(piece)
    return offsets


def _may_break(before: str, after: str) -> bool:
    if after.isspace() or after in CLOSING or before in OPENING:
        return False
    return before.isspace() or 2 in (get_character_cell_size(before),
                                     get_character_cell_size(after))


class LaidOut(Visual):
    """Text drawn as Textual draws it, its lines broken by `line_breaks` at the width it is
    drawn at; on one line (`text-wrap: nowrap`) as it is."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.shown = content  # the lines last drawn
        self._laid: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return str(self.content)

    def laid(self, width: int, rules: RulesMap) -> Content:
        if rules.get("text_wrap", "wrap") == "nowrap":
            return self.content
        width -= 2 * rules.get("line_pad", 0)
        if self._laid is None or self._laid[0] != width:
            lines = []
            for paragraph in self.content.split("\n", allow_blank=True):
                *broken, last = paragraph.divide(line_breaks(paragraph.plain, width))
                lines += [*(line.rstrip() for line in broken), last]
            self._laid = (width, Content("\n").join(lines))
        return self._laid[1]

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        self.shown = self.laid(width, options.rules)
        return self.shown.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.laid(width, rules).get_height(rules, width)


class Prose(Static):
    """A Static whose text breaks into lines as the language on screen is written: at
    spaces, as Textual breaks it, in a language that spaces its words; between characters
    (`LaidOut`) in one that writes none between them, nor between its sentences (Chinese)."""

    _laid: LaidOut | None = None

    def render(self) -> Visual:
        visual = self.visual
        if not isinstance(visual, Content) or writing().gap:
            return visual
        if self._laid is None or self._laid.content is not visual:
            self._laid = LaidOut(visual)
        return self._laid

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """What is selected, from the lines on screen (the selection counts in them)."""
        laid = self._render()
        if isinstance(laid, LaidOut):
            return selection.extract(str(laid.shown)), "\n"
        return super().get_selection(selection)
