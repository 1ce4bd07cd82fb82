"""Small modal questions: confirm, mark a date, write a checklist; a registration's history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from forms.clock import today
from forms.controls import printable
from onboarding.tui.widgets.choice import Answered, Choice
from onboarding.tui.widgets.footer import KeysFooter


class Dialog(ModalScreen):
    """Escape cancels every dialog."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def on_mount(self) -> None:
        """Its own keys line: not the one of the screen underneath (subclasses' on_mount
        runs too)."""
        self.mount(KeysFooter())

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
    """Which lifecycle date to record, and the day.

    `record(what, day)` stores it and returns None, or the reason it was refused; a refusal
    stays in the dialog beside the date, so nothing typed is lost. Dismissed with
    (what, day) once recorded.
    """

    def __init__(self, client: str, record: Callable[[str, date], str | None]) -> None:
        super().__init__()
        self.client, self.record = client, record

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Record a date for {printable(self.client)}", markup=False,
                         classes="title")
            with Choice(id="what"):
                yield RadioButton("Registered  注册成功 (account created)", value=True,
                                  name="registered")
                yield RadioButton("Verified  认证成功", name="verified")
            yield Label("On (YYYY-MM-DD)")
            yield Input(today().isoformat(), id="on")
            yield Static("", classes="field-error", id="mark-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", classes="cancel")
                yield Button("Record", variant="primary", id="record")

    @on(Answered)
    def _to_day(self) -> None:
        self.query_one("#on", Input).focus()

    @on(Button.Pressed, "#record")
    @on(Input.Submitted)
    def _record(self) -> None:
        text = self.query_one("#on", Input).value.strip()
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self._refused(f"{text!r} is not a date (YYYY-MM-DD)")
            return
        pressed = self.query_one(Choice).pressed_button
        what = pressed.name if pressed and pressed.name else "registered"
        refused = self.record(what, day)
        if refused:
            self._refused(refused)
            return
        self.dismiss((what, day))

    def _refused(self, reason: str) -> None:
        self.query_one("#mark-error", Static).update(printable(reason))
        self.query_one(".dialog").add_class("-invalid")  # shows the error line


class ChecklistDialog(Dialog):
    """Format and file of the checklist; dismissed with (format, path).

    The file name's suffix says the format (`onboarding.outputs.format_for`, as on the
    command line): picking a format renames the file, typing a known suffix picks its
    format, and a name whose format cannot be told is refused here, with nothing written.
    """

    FORMATS = {"html": "HTML (opens in a browser, prints on A4)", "md": "Markdown",
               "pdf": "PDF (A4, fonts embedded: needs the pdf extra)"}

    def __init__(self, client: str, folder: Path | None = None, *, prepare: bool = False,
                 path: Path | None = None, error: str = "") -> None:
        super().__init__()
        self.client, self.folder, self.prepare = client, folder, prepare
        self.path, self.error = path, error  # shown again after a file that could not be made

    def compose(self) -> ComposeResult:
        from onboarding.checklist import default_path

        title = ("Write the checklist to prepare with (a draft: what to have ready, the "
                 "steps ahead)" if self.prepare else "Write the client's checklist")
        with Vertical(classes="dialog"):
            yield Static(title, classes="title")
            chosen = (_format_of(self.path) if self.path else None) or "html"
            with Choice(id="format"):
                for fmt, label in self.FORMATS.items():
                    yield RadioButton(label, value=fmt == chosen, name=fmt, id=f"format-{fmt}")
            yield Label("File")
            yield Input(str(self.path or default_path(self.client, "html", self.folder)),
                        id="path")
            yield Static(self.error, classes="field-error", id="checklist-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", classes="cancel")
                yield Button("Write", variant="primary", id="write-file")

    def on_mount(self) -> None:
        if self.error:
            self.query_one(".dialog").add_class("-invalid")  # shows the error line
            self.query_one("#path", Input).focus()

    @on(Answered)
    def _to_path(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed)
    def _format(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.name or "html"
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if _format_of(path) != fmt:
            path_input.value = str(path.with_suffix(f".{fmt}") if path.name else path)

    @on(Input.Changed, "#path")
    def _suffix(self, event: Input.Changed) -> None:
        fmt = _format_of(Path(event.value))
        button = next((b for b in self.query(RadioButton) if b.name == fmt), None)
        if button is not None and not button.value:
            button.value = True
        if event.value != str(self.path):  # typed: the error said before no longer holds
            self.query_one(".dialog").remove_class("-invalid")

    @on(Button.Pressed, "#write-file")
    @on(Input.Submitted)
    def _write(self) -> None:
        from onboarding.checklist import SUFFIXES
        from onboarding.outputs import OutputError, format_for

        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser()
        try:
            if not text:
                raise OutputError("give a file name")
            fmt = format_for(None, str(path), SUFFIXES, "html", or_else="pick a format above")
        except OutputError as exc:
            self.query_one("#checklist-error", Static).update(printable(exc))
            self.query_one(".dialog").add_class("-invalid")  # shows the error line
            return
        self.dismiss((fmt, path))


def _format_of(path: Path) -> str | None:
    from onboarding.checklist import SUFFIXES

    return SUFFIXES.get(path.suffix.lower())


class HistoryDialog(Dialog):
    """A registration's audit trail, oldest first: who, when, what, which fields."""

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text, self.lines = title, lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="history"):
            yield Static(f"History of {printable(self.title_text)}", markup=False,
                         classes="title")
            with VerticalScroll(id="history-lines"):
                for line in self.lines or ["No changes recorded."]:
                    yield Static(printable(line), markup=False, classes="history-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", classes="cancel", variant="primary")

    def on_mount(self) -> None:
        self.query_one(".cancel").focus()
