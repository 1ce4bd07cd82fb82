"""One answer on a step's form: its label in English and Chinese, the input its metadata
asks for, an error or warning line; and the message a form sends when an answer changes.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    Switch,
    TextArea,
)

from forms import controls, phones
from forms.meta import FieldMeta
from forms.regions import regions
from onboarding.i18n import _
from onboarding.questions import Question
from onboarding.tui.widgets.choice import (
    ANSWER,
    Choice,
    Dropdown,
    LongAnswer,
    YesNo,
    answered,
)
from onboarding.tui.widgets.text import show
from onboarding.tui.words import one, said, term, term_text


class Edited(Message):
    """An answer changed; `path` is set once the person has left that field."""

    def __init__(self, path: str | None) -> None:
        super().__init__()
        self.path = path


class AnswerInput(Input):
    """A typed answer. Control characters never enter it, whether typed, pasted or loaded
    from an old draft, so none can reach the terminal (the forms refuse them anyway)."""

    BINDINGS = [Binding("enter", "answer", ANSWER)]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # focus leaves the cursor at the end: a key typed then adds to the answer, never
        # replaces it (an autosaved answer gone by one keystroke)
        super().__init__(*args, select_on_focus=False, **kwargs)

    def validate_value(self, value: str) -> str:
        return controls.remove(value)

    def action_answer(self) -> None:
        answered(self)


def _placeholder(meta: FieldMeta, region: str | None) -> str:
    if meta.widget == "date":
        return _("YYYY-MM-DD")
    example = phones.example(region) if meta.widget == "phone" else None
    example = example or meta.example
    return _("e.g. {example}").format(example=example) if example else ""


def _input_for(meta: FieldMeta, value: Any, classes: str, region: str | None = None) -> Widget:
    """The widget a field's `widget` hint asks for, showing `value`."""
    if meta.widget == "radio":
        return Choice(
            *(
                RadioButton(term_text(en, zh), value=key == value, name=key)
                for key, (en, zh) in meta.choices.items()
            ),
            classes=classes,
        )
    if meta.widget in ("select", "region"):
        # Shown in the language on screen; found by typing in either language.
        named = (
            {code: (f"{r.name_en} {r.name_zh}", r.name_zh) for code, r in regions().items()}
            if meta.widget == "region"
            else {key: (en, zh) for key, (en, zh) in meta.choices.items()}
        )
        if meta.widget == "region":
            options = [(f"{code}  {one(en, zh)}", code)
                       for code, (en, zh) in named.items()]
        else:
            options = [(term_text(en, zh, " "), key) for key, (en, zh) in named.items()]
        known = {v for _, v in options}
        return Dropdown(
            options,
            value=value if value in known else Select.NULL,
            prompt=_("Choose… (type to search)"),
            classes=classes,
            search={key: f"{key} {en} {zh}" for key, (en, zh) in named.items()},
        )
    if meta.widget == "switch":
        return YesNo(value=bool(value), classes=classes)
    text = "" if value is None else str(value)
    if meta.widget == "textarea":
        return LongAnswer(text, placeholder=_placeholder(meta, region), classes=classes)
    if meta.widget == "phone":
        text = phones.spaced(text)
    if meta.widget not in ("text", "date", "phone"):
        raise ValueError(f"no widget for the hint {meta.widget!r}")
    return AnswerInput(value=text, placeholder=_placeholder(meta, region), classes=classes)


WIDGETS = frozenset({"radio", "select", "region", "switch", "textarea", "phone", "text", "date",
                     "list"})  # "list": the operators editor, chosen by the question's shape


def _read(widget: Widget) -> Any:
    if isinstance(widget, LongAnswer):
        return widget.text.strip() or None
    if isinstance(widget, Input):
        return widget.value.strip() or None
    if isinstance(widget, RadioSet):
        return widget.pressed_button.name if widget.pressed_button else None
    if isinstance(widget, Select):
        return None if widget.value == Select.NULL else widget.value
    if isinstance(widget, Switch):
        return widget.value
    raise TypeError(f"no answer in a {type(widget).__name__}")


def _yes_no(value: bool) -> str:
    return term_text("Yes", "是") if value else term_text("No", "否")


class FieldBox(Vertical):
    """One question: its label, its input and the error WeChat's rules find in it."""

    def __init__(self, question: Question, value: Any, dom: str | None = None,
                 region: str | None = None) -> None:
        super().__init__(classes="field", id=f"box-{dom}" if dom else None)
        self.question = question
        self.value = value
        self.dom = dom
        self.answer_region = region  # reads an overseas administrator's national mobile

    def compose(self) -> ComposeResult:
        meta = self.question.meta
        label = Label(term(meta.en, meta.zh), classes="field-label")
        if meta.counter is None:
            yield label
        else:  # the length as WeChat counts it, beside the label, as it is typed
            with Horizontal(classes="label-row"):
                yield label
                yield Label(meta.counter.shown(str(self.value or "")), classes="counter")
        widget = _input_for(meta, self.value, f"answer q-{self.question.path[-1]}",
                            self.answer_region)
        if self.dom:
            widget.id = f"in-{self.dom}"
        widget.tooltip = said(meta.help) or None
        if isinstance(widget, Switch):  # a bare switch does not say which way it is set
            with Horizontal(classes="switch-row"):
                yield widget
                yield Label(_yes_no(widget.value), classes="switch-state")
                yield Label(_("Space: yes or no"), classes="switch-hint")  # not in the footer
        else:
            yield widget
        yield Static("", classes="field-error", markup=False)

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        self.query_one(".switch-state", Label).update(_yes_no(event.value))

    def on_mount(self) -> None:
        self._count()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _count(self) -> None:
        counter = self.question.meta.counter
        if counter is not None:
            text = str(self.read() or "")
            label = self.query_one(".counter", Label)
            show(label, counter.shown(text))
            label.set_class(counter.over(text), "-over")

    @property
    def input(self) -> Widget:
        return self.query_one(".answer")

    def read(self) -> Any:
        return _read(self.input)

    def show_error(self, message: str | None, warning: str | None = None) -> None:
        """The error (blocks the step), else the warning (only told), else nothing."""
        show(self.query_one(".field-error", Static), controls.printable(message or warning or ""))
        self.set_class(bool(message), "-invalid")
        self.set_class(not message and bool(warning), "-warned")


