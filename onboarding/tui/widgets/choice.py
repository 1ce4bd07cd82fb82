"""Choices that answer from the keyboard: Enter on a radio list, a pick from a dropdown.

Both post `Answered`, which a form treats as Enter in an Input: move on.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import RadioSet, Select
from textual.widgets._select import SelectOverlay


class Answered(Message):
    """A choice was made from the keyboard: the form moves on, as Enter does in an Input."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    @property
    def control(self) -> Widget:
        return self.widget


class Choice(RadioSet):
    """Radio buttons where Enter picks the highlighted option and moves to the next field."""

    BINDINGS = [Binding("enter", "choose", "Choose", show=False)]

    def on_mount(self) -> None:
        # RadioSet highlights its first option on mount; start on the saved choice instead.
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose(self) -> None:
        self.action_toggle_button()
        self.post_message(Answered(self))


class Dropdown(Select[str]):
    """A Select that moves to the next field once an option is picked."""

    @on(SelectOverlay.UpdateSelection)
    def _picked(self) -> None:
        self.call_after_refresh(self._move_on)

    def _move_on(self) -> None:
        if not self.is_blank():  # the blank prompt row is not an answer
            self.post_message(Answered(self))
