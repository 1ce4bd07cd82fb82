"""Small modal questions: confirm, mark a date; the keys of a screen; a registration's history
(the checklist's dialog has its own module)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, RadioButton, Static

from forms.clock import today
from forms.controls import printable
from onboarding.i18n import N_, _
from onboarding.tui.widgets.choice import Answered, Choice
from onboarding.tui.widgets.focus import focus_of, refocus
from onboarding.tui.widgets.footer import KeysFooter

Words = Callable[[], str]
"""A text made when it is shown, so that it follows a language switch while on screen."""


class Dialog(ModalScreen):
    """Escape cancels every dialog. A language switch composes it again in the new words;
    `keep` first copies what is typed into the attributes `compose` reads."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]
    HOLDS_KEYS = True  # keys that follow its closing are dropped a moment (OnboardingApp)

    def on_mount(self) -> None:
        """Its own keys line: not the one of the screen underneath (subclasses' on_mount
        runs too)."""
        self.mount(KeysFooter())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def keep(self) -> None:
        """Copy the answers on screen into attributes before the dialog is composed again."""

    async def relabel(self) -> None:
        self.keep()
        where = focus_of(self)
        await self.recompose()
        await self.mount(KeysFooter())  # composed anew, in the new words
        refocus(self, where)


class ConfirmDialog(Dialog):
    """Yes or no; dismissed with the answer (None when cancelled)."""

    def __init__(self, question: Words, yes: str = N_("Yes")) -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question(), markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), classes="cancel", id="cancel")
                yield Button(_(self.yes), variant="error", id="yes")

    def on_mount(self) -> None:
        self.query_one(".cancel").focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)


MARKS = {  # what the dialog records, as the WeChat backend's words say it
    "registered": N_("Registered  注册成功 (account created)"),
    "verified": N_("Verified  认证成功"),
    "paid": N_("Paid  打款验证 (bank-transfer amount)"),
    "submitted": N_("Submitted  已提交认证 (verification application)"),
}


class MarkDialog(Dialog):
    """Which lifecycle date to record, and the day.

    `record(what, day)` stores it and returns None, or the reason it was refused; a refusal
    stays in the dialog beside the date, so nothing typed is lost. Dismissed with
    (what, day) once recorded.
    """

    def __init__(self, client: str, record: Callable[[str, date], str | None]) -> None:
        super().__init__()
        self.client, self.record = client, record
        self.what, self.day = "registered", today().isoformat()
        self.error: Words | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" + (" -invalid" if self.error else "")):
            yield Static(_("Record a date for {client}").format(client=printable(self.client)),
                         markup=False, classes="title")
            with Choice(id="what"):
                for what, words in MARKS.items():
                    yield RadioButton(_(words), value=self.what == what, name=what,
                                      id=f"what-{what}")
            yield Label(_("On (YYYY-MM-DD)"))
            yield Input(self.day, id="on")
            yield Static(self.error() if self.error else "", classes="field-error",
                         id="mark-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), classes="cancel", id="cancel")
                yield Button(_("Record"), variant="primary", id="record")

    def keep(self) -> None:
        pressed = self.query_one(Choice).pressed_button
        self.what = pressed.name if pressed and pressed.name else "registered"
        self.day = self.query_one("#on", Input).value

    @on(Answered)
    def _to_day(self) -> None:
        self.query_one("#on", Input).focus()

    @on(Button.Pressed, "#record")
    @on(Input.Submitted)
    def _record(self) -> None:
        self.keep()
        text = self.day.strip()
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self._refused(lambda: _("{text} is not a date (YYYY-MM-DD)").format(text=repr(text)))
            return
        refused = self.record(self.what, day)
        if refused:
            self._refused(lambda: refused)
            return
        self.dismiss((self.what, day))

    def _refused(self, reason: Words) -> None:
        self.error = reason
        self.query_one("#mark-error", Static).update(printable(reason()))
        self.query_one(".dialog").add_class("-invalid")  # shows the error line


class KeysDialog(Dialog):
    """Every key of the screen beneath (f1): the footer's and those it has no room for."""

    def __init__(self, keys: Callable[[], Sequence[tuple[str, str]]]) -> None:
        super().__init__()
        self.keys = keys

    @classmethod
    def show_for(cls, screen: Screen) -> None:
        """f1 on `screen`: every key that works there, those the footer leaves out at 80
        columns included (h, p, o, l, f2...). Its keys and the app's, said in the language on
        screen (read again after a switch), and the palette's; not Textual's own (scrolling,
        Tab, copy: in English, and the same in every program)."""

        def ours(node: object, binding: Binding) -> bool:
            return any(binding in vars(cls).get("BINDINGS", ()) for cls in type(node).__mro__
                       if cls.__module__.startswith("onboarding."))

        palette = screen.app.COMMAND_PALETTE_BINDING

        def keys() -> list[tuple[str, str]]:
            found = []
            for key, active in screen.active_bindings.items():
                binding = active.binding
                if (binding.description and active.enabled and key != "f1"
                        and (ours(active.node, binding) or key == palette)):
                    found.append((screen.app.get_key_display(binding), _(binding.description)))
            return found

        screen.app.push_screen(cls(keys))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="keys"):
            yield Static(_("Keys"), classes="title")
            with VerticalScroll(id="keys-lines"):
                for key, description in self.keys():
                    yield Static(f"{key:>8}  {description}", markup=False, classes="key-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Close"), classes="cancel", variant="primary", id="close")

    def on_mount(self) -> None:
        self.query_one(".cancel").focus()


class HistoryDialog(Dialog):
    """A registration's audit trail, oldest first: who, when, what, which fields."""

    def __init__(self, title: str, lines: Callable[[], Sequence[str]]) -> None:
        super().__init__()
        self.title_text, self.lines = title, lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="history"):
            yield Static(_("History of {registration}").format(
                registration=printable(self.title_text)), markup=False, classes="title")
            with VerticalScroll(id="history-lines"):
                for line in self.lines() or [_("No changes recorded.")]:
                    yield Static(printable(line), markup=False, classes="history-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Close"), classes="cancel", variant="primary", id="close")

    def on_mount(self) -> None:
        self.query_one(".cancel").focus()
