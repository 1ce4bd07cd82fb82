"""A wizard step's form, generated from the questions the forms' models ask.

Every field is a `FieldBox` (label in English and Chinese, the input widget its metadata
asks for, an error line). The form reads its values back as answers and shows `Issue`s
beside the fields they name; it never decides what is valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
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
from forms.issues import Issue
from forms.meta import FieldMeta
from forms.regions import regions
from onboarding.i18n import _
from onboarding.questions import Group, Question, asked_groups, lookup
from onboarding.tui.widgets.choice import (
    ANSWER,
    Choice,
    Dropdown,
    LongAnswer,
    YesNo,
    answered,
)
from onboarding.tui.widgets.text import show
from onboarding.tui.words import chinese, issue_text, said, term, term_text


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
            options = [(f"{code}  {zh if chinese() else en}", code)
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


class OperatorRow(Vertical):
    """One operator of the plan, with a button to take it out."""

    def __init__(self, group: Group, item: Mapping[str, Any]) -> None:
        super().__init__(classes="operator")
        self.group = group
        self.item = item

    def compose(self) -> ComposeResult:
        with Horizontal(classes="operator-head"):
            yield Label("", classes="operator-title")
            yield Button(_("Remove"), classes="remove-operator", variant="error", compact=True)
        for question in self.group.questions:
            yield FieldBox(question, self.item.get(question.path[-1]))

    def number(self, index: int) -> None:
        self.query_one(".operator-title", Label).update(
            _("Operator {number}").format(number=index + 1))

    def values(self) -> dict[str, Any]:
        found = {}
        for box in self.query(FieldBox):
            value = box.read()
            if value is not None:
                found[box.question.path[-1]] = value
        return found


class OperatorsEditor(Vertical):
    """The operators plan: a list with add and remove."""

    def __init__(self, group: Group, items: Iterable[Mapping[str, Any]]) -> None:
        super().__init__(id="operators-editor")
        self.group = group
        self.items = [dict(i) for i in items if isinstance(i, Mapping)]

    def compose(self) -> ComposeResult:
        meta = self.group.meta
        yield Label(term(meta.en, meta.zh), classes="field-label")
        for item in self.items:
            yield OperatorRow(self.group, item)
        yield Static("", classes="field-error list-error", markup=False)
        yield Button(_("+ Add operator"), id="add-operator", compact=True)

    def on_mount(self) -> None:
        self.renumber()

    @property
    def rows(self) -> list[OperatorRow]:
        return list(self.query_children(OperatorRow))

    def renumber(self) -> None:
        for i, row in enumerate(self.rows):
            row.number(i)
        self.query_one("#add-operator", Button).label = (
            _("+ Add another operator") if self.rows else _("+ Add operator")
        )

    def values(self) -> list[dict[str, Any]]:
        return [row.values() for row in self.rows]

    @on(Button.Pressed, "#add-operator")
    async def add_row(self, event: Button.Pressed) -> None:
        event.stop()
        row = OperatorRow(self.group, {"term": "long"})
        await self.mount(row, before=self.query_one(".list-error"))
        self.renumber()
        row.query_one(FieldBox).input.focus()
        self.post_message(StepForm.Edited(None))

    @on(Button.Pressed, ".remove-operator")
    async def remove_row(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, OperatorRow))
        await row.remove()
        self.renumber()
        self.query_one("#add-operator").focus()
        self.post_message(StepForm.Edited(None))


class StepForm(Vertical):
    """All questions of one step for one entity."""

    class Edited(Message):
        """An answer changed; `path` is set once the person has left that field."""

        def __init__(self, path: str | None) -> None:
            super().__init__()
            self.path = path

    def __init__(self, entity: str | None, step: str, answers: Mapping[str, Any]) -> None:
        super().__init__(id="step-form")
        self.entity = entity
        self.step = step
        self.answers = answers
        self.touched: set[str] = set()
        self.warned: dict[str, str] = {}  # path -> what to tell but not block on
        self.groups = asked_groups(entity, step, answers)

    def compose(self) -> ComposeResult:
        for group in self.groups:
            if group.repeated:
                yield OperatorsEditor(group, self.answers.get(group.key) or [])
            elif group.single:
                question = group.questions[0]
                yield FieldBox(question, self.answers.get(group.key), group.key)
            else:
                with Vertical(classes="part") as part:
                    part.border_title = term_text(group.meta.en, group.meta.zh)
                    for question in group.questions:
                        yield FieldBox(question, lookup(self.answers, question.path),
                                       "-".join(question.path), self.answers.get("region"))

    # -- answers ----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """This step's answers as an answers file holds them (empty fields left out)."""
        found: dict[str, Any] = {}
        for group in self.groups:
            if group.repeated:
                found[group.key] = self.query_one(OperatorsEditor).values()
            elif group.single:
                found[group.key] = self.query_one(f"#box-{group.key}", FieldBox).read()
            else:
                part: dict[str, Any] = {}
                for question in group.questions:
                    box = self.query_one(f"#box-{'-'.join(question.path)}", FieldBox)
                    value = box.read()
                    if value is not None:
                        part[question.path[-1]] = value
                found[group.key] = part
        return found

    def boxes(self) -> Iterator[tuple[str, FieldBox]]:
        """Every field with its path as issues name it ('operators[1].wechat_id')."""
        for box in self.query(FieldBox):
            if box.dom is not None:
                yield box.question.key, box
        for editor in self.query(OperatorsEditor):
            for i, row in enumerate(editor.rows):
                for box in row.query(FieldBox):
                    yield f"{editor.group.key}[{i}].{box.question.key}", box

    def path_of(self, widget: Widget) -> str | None:
        for path, box in self.boxes():
            if widget is box or box in widget.ancestors:
                return path
        return None

    def show_issues(self, issues: Iterable[Issue], *, everywhere: bool = False) -> list[Issue]:
        """Put each issue beside its field (only fields already left, unless everywhere).

        Returns the issues no field shows (a whole-list rule, a field of another step).
        """
        if everywhere:
            self.touched |= {path for path, _ in self.boxes()}
        issues = list(issues)
        placed: set[Issue] = set()
        for path, box in self.boxes():
            mine = [i for i in issues if i.path == path]
            placed.update(mine)
            box.show_error(issue_text(mine[0]) if mine and path in self.touched else None,
                           self.warned.get(path) if path in self.touched else None)
        rest = [i for i in issues if i not in placed]
        for editor in self.query(OperatorsEditor):
            listed = [i for i in rest if i.path == editor.group.key]
            error = editor.query_one(".list-error", Static)
            show(error, controls.printable(_("; ").join(issue_text(i) for i in listed)))
            editor.set_class(bool(listed), "-invalid")
            rest = [i for i in rest if i not in listed]
        return rest

    def first_invalid(self) -> Widget | None:
        for _path, box in self.boxes():
            if box.has_class("-invalid"):
                return box.input
        return None

    def focus_first(self) -> None:
        invalid = self.first_invalid()
        target = invalid or next((b.input for _, b in self.boxes()), None)
        if target is None:  # an empty list: its add button
            target = next(iter(self.query(Button)), None)
        if target is not None:
            target.focus()
        if invalid is None and isinstance(self.parent, Widget):
            # the top of a new step, labels included, not just its first input
            self.call_after_refresh(self.parent.scroll_home, animate=False)

    # -- events -----------------------------------------------------------------------

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        path = self.path_of(event.widget)
        if path is not None:
            self.touched.add(path)
            self.post_message(self.Edited(path))

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Message) -> None:
        self.post_message(self.Edited(None))

    @on(RadioSet.Changed)
    @on(Select.Changed)
    @on(Switch.Changed)
    def _chose(self, event: Message) -> None:
        control = getattr(event, "control", None)
        path = self.path_of(control) if isinstance(control, Widget) else None
        if path is not None:
            self.touched.add(path)
        self.post_message(self.Edited(path))
