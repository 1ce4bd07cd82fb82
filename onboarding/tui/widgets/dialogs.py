"""Small modal questions: confirm, mark a date, write a checklist; a registration's history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from forms.clock import today
from forms.controls import printable
from onboarding import i18n
from onboarding.i18n import LANGUAGES, N_, Language, _, said_error
from onboarding.outputs import OutputError, format_for
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


class ChecklistDialog(Dialog):
    """Format, language and file of the checklist; dismissed with (format, path, language).
    The document's language is its own (the consultant may work in English and hand the
    administrator a Chinese checklist); it starts as the screen's.

    The file name's suffix says the format (`onboarding.outputs.format_for`, as on the
    command line): picking a format renames the file, typing a known suffix picks its
    format, and a name whose format cannot be told is refused here, with nothing written.
    """

    FORMATS = {"html": N_("HTML (opens in a browser, prints on A4)"), "md": N_("Markdown"),
               "pdf": N_("PDF (A4, fonts embedded: needs the pdf extra)")}

    def __init__(self, client: str, folder: Path | None = None, *, prepare: bool = False,
                 path: Path | None = None, error: str = "", lang: Language | None = None
                 ) -> None:
        from onboarding.checklist import default_path

        super().__init__()
        self.client, self.folder, self.prepare = client, folder, prepare
        self.path = str(path or default_path(client, "html", folder))
        self.fmt = _format_of(Path(self.path)) or "html"
        self.lang: Language = lang or i18n.current()  # the document's own, chosen here
        self.error = error  # shown again after a file that could not be made

    def compose(self) -> ComposeResult:
        title = (_("Write the checklist to prepare with (a draft: what to have ready, the "
                   "steps ahead)") if self.prepare else _("Write the client's checklist"))
        with Vertical(classes="dialog" + (" -invalid" if self.error else "")):
            yield Static(title, classes="title")
            with Choice(id="format"):
                for fmt, label in self.FORMATS.items():
                    yield RadioButton(_(label), value=fmt == self.fmt, name=fmt,
                                      id=f"format-{fmt}")
            with Horizontal(id="checklist-lang-row"):
                yield Label(_("Language of the document"))
                with Choice(id="checklist-lang"):
                    for lang, writing in LANGUAGES.items():  # each in its own words
                        yield RadioButton(writing.name, value=lang == self.lang,
                                          name=lang, id=f"lang-{lang}")
            yield Label(_("File"))
            yield Input(self.path, id="path")
            yield Static(self.error, classes="field-error", id="checklist-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), classes="cancel", id="cancel")
                yield Button(_("Write"), variant="primary", id="write-file")

    def keep(self) -> None:
        pressed = self.query_one("#format", Choice).pressed_button
        self.fmt = pressed.name if pressed and pressed.name else self.fmt
        self.lang = self.chosen_language()
        self.path = self.query_one("#path", Input).value

    def chosen_language(self) -> Language:
        pressed = self.query_one("#checklist-lang", Choice).pressed_button
        name = pressed.name if pressed is not None else None
        return next((lang for lang in LANGUAGES if lang == name), self.lang)

    def on_mount(self) -> None:
        if self.error:
            self.query_one(".dialog").add_class("-invalid")  # shows the error line
            self.query_one("#path", Input).focus()

    @on(Answered)
    def _on(self, event: Answered) -> None:
        """Enter walks every choice: the format, then the language, then the file."""
        if event.control is self.query_one("#format", Choice):
            self.query_one("#checklist-lang", Choice).focus()
        else:
            self.query_one("#path", Input).focus()

    @on(RadioSet.Changed, "#format")
    def _format(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.name or "html"
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if _format_of(path) != fmt:
            path_input.value = str(path.with_suffix(f".{fmt}") if path.name else path)

    @on(Input.Changed, "#path")
    def _suffix(self, event: Input.Changed) -> None:
        fmt = _format_of(Path(event.value))
        button = next((b for b in self.query("#format RadioButton").results(RadioButton)
                       if b.name == fmt), None)
        if button is not None and not button.value:
            button.value = True
        if event.value != self.path:  # typed: the error said before no longer holds
            self.error = ""
            self.query_one(".dialog").remove_class("-invalid")

    @on(Button.Pressed, "#write-file")
    @on(Input.Submitted)
    def _write(self) -> None:
        from onboarding.checklist import SUFFIXES

        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser()
        try:
            if not text:
                raise OutputError(_("give a file name"))
            fmt = format_for(None, str(path), SUFFIXES, "html",
                             or_else=_("pick a format above"))
        except OutputError as exc:
            self.error = printable(said_error(exc))
            self.query_one("#checklist-error", Static).update(self.error)
            self.query_one(".dialog").add_class("-invalid")  # shows the error line
            return
        self.dismiss((fmt, path, self.chosen_language()))


def _format_of(path: Path) -> str | None:
    from onboarding.checklist import SUFFIXES

    return SUFFIXES.get(path.suffix.lower())


class KeysDialog(Dialog):
    """Every key of the screen beneath (f1): the footer's and those it has no room for."""

    def __init__(self, keys: Callable[[], Sequence[tuple[str, str]]]) -> None:
        super().__init__()
        self.keys = keys

    @classmethod
    def of(cls, screen: Screen) -> KeysDialog:
        """`screen`'s keys and the app's, said in the language on screen (read again after
        a switch), and the palette's; not Textual's own (scrolling, Tab, copy: in English,
        and the same in every program)."""

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

        return cls(keys)

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
