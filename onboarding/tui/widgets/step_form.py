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
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    RadioSet,
    Select,
    Static,
    Switch,
    TextArea,
)

from forms import controls
from forms.issues import Issue
from forms.registry import answer_at
from onboarding.i18n import _
from onboarding.questions import asked_groups
from onboarding.tui.widgets.field_box import Edited, FieldBox
from onboarding.tui.widgets.operators import OperatorsEditor
from onboarding.tui.widgets.text import show
from onboarding.tui.words import issue_text, term_text


class StepForm(Vertical):
    """All questions of one step for one entity."""

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
                        yield FieldBox(question, answer_at(self.answers, question.path),
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

    def focus_first(self, *, select: bool = False) -> None:
        """Focus the first field to fix (with `select`, its answer selected, so that typing
        replaces it), else the first field."""
        invalid = self.first_invalid()
        target = invalid or next((b.input for _, b in self.boxes()), None)
        if target is None:  # an empty list: its add button
            target = next(iter(self.query(Button)), None)
        if target is not None:
            target.focus()
        if select and invalid is not None and isinstance(invalid, Input | TextArea):
            invalid.call_after_refresh(invalid.select_all)  # after its focus event
        if invalid is None and isinstance(self.parent, Widget):
            # the top of a new step, labels included, not just its first input
            self.call_after_refresh(self.parent.scroll_home, animate=False)

    # -- events -----------------------------------------------------------------------

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        path = self.path_of(event.widget)
        if path is not None:
            self.touched.add(path)
            self.post_message(Edited(path))

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Message) -> None:
        self.post_message(Edited(None))

    @on(RadioSet.Changed)
    @on(Select.Changed)
    @on(Switch.Changed)
    def _chose(self, event: Message) -> None:
        control = getattr(event, "control", None)
        path = self.path_of(control) if isinstance(control, Widget) else None
        if path is not None:
            self.touched.add(path)
        self.post_message(Edited(path))
