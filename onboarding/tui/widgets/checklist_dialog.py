"""The checklist dialog: format, language and file, the format told by the suffix as on the
command line."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from forms.controls import printable
from onboarding import i18n
from onboarding.checklist import SUFFIXES, default_path
from onboarding.i18n import LANGUAGES, N_, Language, _, said_error
from onboarding.outputs import OutputError, format_for
from onboarding.tui.widgets.choice import Answered, Choice
from onboarding.tui.widgets.dialogs import Dialog


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
    return SUFFIXES.get(path.suffix.lower())
