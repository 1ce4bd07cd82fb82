"""Fields that answer from the keyboard as an input does: Enter answers and moves on.

A radio list, a dropdown, a yes/no switch and the multi-line introduction each post
`Answered` on Enter, which a form treats as Enter in an Input: the next field, or the
next step from the last one. Built on Textual's public widget API only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, RadioSet, Select, Switch, TextArea
from textual.widgets.text_area import Edit, EditResult

from forms import controls
from onboarding.i18n import N_

ANSWER = N_("Answer & next")  # what Enter does, as the footer says it
SEARCH_PAUSE = 0.7  # seconds after which typing on a closed dropdown starts a new search


class Answered(Message):
    """A field was answered from the keyboard: the form moves on, as Enter does in an Input."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    @property
    def control(self) -> Widget:
        return self.widget


@runtime_checkable
class AnswerOrder(Protocol):
    """A screen that knows which field answers last (Enter there submits the step)."""

    def is_last_answer(self, widget: Widget) -> bool: ...

    def confirmed(self, widget: Widget) -> None:
        """Enter in a field that is not the last: focus on to the next, the answer kept."""


def answered(widget: Widget) -> None:
    """Enter in a field: on to the next field at once, so that keys typed next land there
    (however busy the screen is), or, from the last field, `Answered` for the screen."""
    screen = widget.screen
    if isinstance(screen, AnswerOrder) and not screen.is_last_answer(widget):
        screen.confirmed(widget)
    else:
        widget.post_message(Answered(widget))


class Choice(RadioSet):
    """Radio buttons where Enter picks the highlighted option and moves to the next field."""

    BINDINGS = [Binding("enter", "choose", ANSWER)]

    def on_mount(self) -> None:
        # RadioSet highlights its first option once mounted; start on the saved choice instead.
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        for _ in range(max(self.pressed_index, 0)):
            self.action_next_button()

    def action_choose(self) -> None:
        self.action_toggle_button()
        answered(self)


class Dropdown(Select[str]):
    """A Select that answers like the other fields.

    Enter in the open list picks the highlighted option and moves on; Enter on a closed
    dropdown with an answer moves on (without one, it opens the list); typing on a closed
    dropdown searches the options and picks the best match, as its prompt says.
    """

    BINDINGS = [Binding("enter", "answer", ANSWER, priority=True)]  # the open list's too

    def __init__(self, options: Iterable[tuple[str, str]],
                 search: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        self.choices = list(options)
        self.search = dict(search or {})  # value -> the words it is found by (its label)
        super().__init__(self.choices, **kwargs)
        self._typed = ""
        self._typing: Timer | None = None

    def action_answer(self) -> None:
        if self.expanded:
            self.query_one(OptionList).action_select()  # the list closes with the pick
            self.call_after_refresh(self._move_on)
        elif self.is_blank():
            self.action_show_overlay()
        else:
            answered(self)

    def _move_on(self) -> None:
        if not self.is_blank():  # the blank prompt row is not an answer
            self.app.call_later(answered, self)  # after the Select takes focus back

    def on_key(self, event: events.Key) -> None:
        if self.expanded or not (event.is_printable and event.character):
            return
        event.stop()
        event.prevent_default()
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(SEARCH_PAUSE, self._forget_typed)
        self._typed += event.character
        found = self.best_match(self._typed)
        if found is not None:
            self.value = found

    def _forget_typed(self) -> None:
        self._typed = ""

    def best_match(self, typed: str) -> str | None:
        """The option whose label (or search words: both languages) holds `typed` earliest
        (any case), the first on a tie."""
        wanted = typed.casefold()
        hits = [(self.search.get(value, label).casefold().find(wanted), i)
                for i, (label, value) in enumerate(self.choices)]
        found = min(((at, i) for at, i in hits if at >= 0), default=None)
        return self.choices[found[1]][1] if found else None


class YesNo(Switch):
    """A switch that Space turns and Enter answers (moves on), as in the other fields."""

    BINDINGS = [Binding("enter", "answer", ANSWER),
                Binding("space", "toggle_switch", N_("Yes/No"), show=False)]  # its row says it

    def action_answer(self) -> None:
        answered(self)


class LongAnswer(TextArea):
    """A text answer too long for one line: it wraps as typed, yet stays one line of text.

    Enter answers and moves on (it never starts a new line); a pasted line break becomes a
    space and control characters are dropped, as in every other field.
    """

    BINDINGS = [Binding("enter", "answer", ANSWER, priority=True)]

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(one_line(text), soft_wrap=True, tab_behavior="focus", **kwargs)

    def edit(self, edit: Edit) -> EditResult:
        edit.text = one_line(edit.text)
        return super().edit(edit)

    def action_answer(self) -> None:
        answered(self)

    @property
    def value(self) -> str:
        return self.text


def one_line(text: str) -> str:
    """Line breaks as spaces, other control characters dropped."""
    return controls.remove(" ".join(text.splitlines()))
