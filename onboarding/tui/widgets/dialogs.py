"""Small modal questions: confirm, mark a date, write a checklist."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from forms.clock import today


class Dialog(ModalScreen):
    """Escape cancels every dialog."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes or no; dismissed with the answer (None when cancelled)."""

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", classes="cancel")
                yield Button(self.yes, variant="error", id="yes")

    def on_mount(self) -> None:
        self.query_one(".cancel").focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)


class MarkDialog(Dialog):
    """Which lifecycle date to record, and the day; dismissed with (what, day)."""

    def __init__(self, client: str) -> None:
        super().__init__()
        self.client = client

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Record a date for {self.client}", markup=False, classes="title")
            with RadioSet(id="what"):
                yield RadioButton("Registered  注册成功 (account created)", value=True,
                                  name="registered")
                yield RadioButton("Verified  认证成功", name="verified")
            yield Label("On (YYYY-MM-DD)")
            yield Input(today().isoformat(), id="on")
            yield Static("", classes="field-error", id="mark-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", classes="cancel")
                yield Button("Record", variant="primary", id="record")

    @on(Button.Pressed, "#record")
    @on(Input.Submitted)
    def _record(self) -> None:
        text = self.query_one("#on", Input).value.strip()
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.query_one("#mark-error", Static).update(f"{text!r} is not a date (YYYY-MM-DD)")
            return
        pressed = self.query_one(RadioSet).pressed_button
        self.dismiss((pressed.name if pressed else "registered", day))


def default_checklist_path(client: str, fmt: str, folder: Path | None = None) -> Path:
    slug = re.sub(r"[^\w-]+", "-", client.strip().lower()).strip("-") or "client"
    return (folder or Path.cwd()) / f"checklist-{slug}.{fmt}"


class ChecklistDialog(Dialog):
    """Format and path of the checklist; dismissed with (format, path)."""

    def __init__(self, client: str, folder: Path | None = None) -> None:
        super().__init__()
        self.client, self.folder = client, folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Write the client's checklist", classes="title")
            with RadioSet(id="format"):
                yield RadioButton("HTML (prints on A4)", value=True, name="html")
                yield RadioButton("Markdown", name="md")
            yield Label("File")
            yield Input(str(default_checklist_path(self.client, "html", self.folder)), id="path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", classes="cancel")
                yield Button("Write", variant="primary", id="write-file")

    @on(RadioSet.Changed)
    def _format(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.name or "html"
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if path.suffix.lstrip(".") in ("html", "md"):
            path_input.value = str(path.with_suffix(f".{fmt}"))

    @on(Button.Pressed, "#write-file")
    @on(Input.Submitted)
    def _write(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        fmt = pressed.name if pressed and pressed.name else "html"
        self.dismiss((fmt, Path(self.query_one("#path", Input).value.strip()).expanduser()))
