"""The operators plan on the Operators step: a card per operator, added and removed in
place (removing asks nothing; ctrl+z puts the last one back with its answers)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from onboarding.i18n import N_, _
from onboarding.questions import Group
from onboarding.tui.widgets.field_box import Edited, FieldBox
from onboarding.tui.words import term


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
    """The operators plan: a list with add and remove (asked nothing; ctrl+z undoes it)."""

    BINDINGS = [Binding("ctrl+z", "put_back", N_("Undo remove"), show=False)]

    def __init__(self, group: Group, items: Iterable[Mapping[str, Any]]) -> None:
        super().__init__(id="operators-editor")
        self.group = group
        self.items = [dict(i) for i in items if isinstance(i, Mapping)]
        self.removed: list[tuple[int, dict[str, Any]]] = []  # place and answers, last first

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
        self.post_message(Edited(None))

    @on(Button.Pressed, ".remove-operator")
    async def remove_row(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, OperatorRow))
        place = self.rows.index(row)
        self.removed.append((place, row.values()))
        await row.remove()
        self.renumber()
        self.query_one("#add-operator").focus()
        self.post_message(Edited(None))
        self.notify(_("Operator {number} removed: ctrl+z puts it back").format(
            number=place + 1))

    async def action_put_back(self) -> None:
        """The last operator removed, back in its place with its answers."""
        if not self.removed:
            return
        place, answers = self.removed.pop()
        rows = self.rows
        row = OperatorRow(self.group, answers)
        await self.mount(row, before=rows[place] if place < len(rows)
                         else self.query_one(".list-error"))
        self.renumber()
        row.query_one(FieldBox).input.focus()
        self.post_message(Edited(None))


