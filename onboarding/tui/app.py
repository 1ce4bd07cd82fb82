"""The app: a thin shell that owns the store and moves between screens."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from forms.controls import printable
from onboarding import i18n
from onboarding.i18n import N_, Language, _, ngettext, said_error
from onboarding.outputs import OutputError, OutputExists, write_file
from onboarding.settings import SettingsError, save, settings
from onboarding.tui import screens, widgets
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.widgets.footer import WIDE
from onboarding.tui.widgets.header import LANGUAGE_KEY
from onboarding.tui.words import described

if TYPE_CHECKING:
    from forms.issues import Issue
    from onboarding.checklist import Checklist
    from onboarding.store import Record, Store
    from onboarding.wizard import Wizard


class OnboardingApp(App[None]):
    """WeChat Official Account registrations, in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = N_("WeChat onboarding 公众号注册")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        Binding("f2", "toggle_dark", N_("Light/dark"), show=False),  # in the palette too
        # Everywhere, dialogs included; the title bar shows it (the footer is full at 80).
        Binding(LANGUAGE_KEY, "language", N_("中文 / English"), show=False, priority=True),
    ]

    KEY_GUARD = 0.3
    """Seconds after a dialog closes during which keys are dropped: keys typed for the
    dialog, or before the person sees it gone, never act on the screen beneath (an `f`
    meant for a file name once finished a registration)."""

    def __init__(
        self,
        store: Store | None = None,
        *,
        store_url: str | None = None,
        open_id: int | None = None,
        new: bool = False,
        checklist_folder: Path | None = None,
        lang: Language | None = None,
    ) -> None:
        super().__init__()
        if lang is not None:
            i18n.use(lang)
        self.title = _(self.TITLE)
        self._store = store
        self._store_lock = threading.Lock()
        self.store_url = store_url
        self.open_id = open_id
        self.start_new = new
        self.checklist_folder = checklist_folder
        self._key_noted = False
        self.worked_on: int | None = None  # the registration a wizard last saved
        self._keys_held_until = 0.0  # monotonic, as Textual stamps its events

    # -- the store, opened after the first paint --------------------------------------

    def ensure_store(self) -> Store:
        """The store, opened on first use (from the home screen's loading worker)."""
        with self._store_lock:
            if self._store is None:
                from onboarding.store import open_store
                from onboarding.store.audit import TUI

                self._store = open_store(self.store_url, via=TUI)
            return self._store

    @property
    def store(self) -> Store:
        return self.ensure_store()

    def ready(self) -> bool:
        """Whether the store is open; says so when it is still opening."""
        if self._store is None:
            self.notify(_("Opening the portfolio…"), timeout=2)
            return False
        return True

    def store_failed(self, reason: str) -> None:
        """A store that cannot be opened ends the app with its one line, as the CLI does."""
        if self._store is None:
            self.exit(return_code=2, message=_("onboarding: error: {reason}").format(
                reason=reason))
        else:
            self.notify(reason, severity="error", timeout=10)

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        if self.start_new:
            self.open_wizard(None, then_quit=True)
        elif self.open_id is not None:
            self.open_wizard(self.store.get(self.open_id), then_quit=True)

    def pop_screen(self) -> Any:
        if getattr(self.screen, "HOLDS_KEYS", False):  # a dialog closes
            self._keys_held_until = time.monotonic() + self.KEY_GUARD
        return super().pop_screen()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.time < self._keys_held_until:
            return  # read before the dialog closed, or just after: not for this screen
        await super().on_event(event)

    # -- actions everywhere -----------------------------------------------------------

    TEXTUAL_COMMANDS = frozenset({"Theme", "Quit", "Minimize", "Maximize"})
    """Textual's own palette commands kept, in words the catalog holds (`words.TEXTUAL_WORDS`);
    its Keys panel (every editing key of every widget, in English) and Screenshot (its notes
    in English) are left out: the footer and f1 say our keys."""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(_("New registration"), _("Start a client's registration"),
                            self.action_new)
        yield SystemCommand(_("Portfolio"), _("All registrations, with progress and deadlines"),
                            self.action_home)
        yield SystemCommand(_("Error codes 返回码"), _("Look up a WeChat API error code"),
                            self.action_error_codes)
        yield SystemCommand(_("Language: 中文 / English ({key})").format(key=LANGUAGE_KEY),
                            _("Switch the language of the screens (remembered)"),
                            self.action_language)
        yield SystemCommand(_("Light / dark theme"), _("Switch between the light and dark theme"),
                            self.action_toggle_dark)
        if isinstance(screen, HomeScreen):  # keys that the footer leaves out at 80 columns
            yield SystemCommand(_("Keys (f1)"), _("Every key of this screen"), screen.action_keys)
            yield SystemCommand(_("Purge personal data (p)"), _(
                "Remove the selected verified registration's personal data (asks first)"),
                screen.action_purge)
            yield SystemCommand(_("History (h)"), _("Who changed the selected registration, "
                                                    "when"), screen.action_history)
            yield SystemCommand(_("Client link (l)"), _(
                "A link for the selected registration's client to fill in their part on a "
                "phone; what they sent, to accept or send back"), screen.action_link)
            yield SystemCommand(_("Sort (o)"), _("Sort the portfolio by the next of ID, client, "
                                "status and deadline"), screen.action_order)
        for command in super().get_system_commands(screen):
            if command.title in self.TEXTUAL_COMMANDS:
                yield command._replace(title=_(command.title), help=_(command.help))

    def action_command_palette(self) -> None:
        """Textual's action (textual/app.py), opening the palette with its prompt in the
        language on screen."""
        if self.use_command_palette and self.screen.id != "--command-palette":
            self.push_screen(widgets.Palette(_("Search for commands…"), id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(widgets.Palette(_("Search for themes…"), providers=[ThemeProvider]))

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's reminder of how to quit, in words the catalog holds."""
        self.notify(_("Press {key} to quit").format(key="ctrl+q"),
                    title=_("Do you want to quit?"), markup=False)

    # -- the language -----------------------------------------------------------------

    async def action_language(self) -> None:
        await self.set_language(i18n.following())

    async def set_language(self, lang: Language, *, remember: bool = True) -> None:
        """Every screen in `lang` at once, nothing typed lost (each screen keeps what is
        on it: the wizard its draft in the engine); the choice is kept in the settings as
        the TUI's own (`tui_lang`): switched for a client beside the consultant, it leaves
        the consultant's commands in their language."""
        i18n.use(lang)
        self.title = _(self.TITLE)
        for screen in list(self.screen_stack):
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()
            screen.refresh_bindings()  # the footer says its keys again, in `lang`
        if not remember:
            return
        try:
            save(tui_lang=lang)
        except SettingsError as exc:
            self.notify(_("The language is not remembered: {reason}").format(reason=exc),
                        severity="warning", timeout=8, markup=False)

    def action_new(self) -> None:
        self.open_wizard(None)

    def action_home(self) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, screens.WizardScreen):
                screen.take_values()
                screen.save()
        while not isinstance(self.screen, HomeScreen) and len(self.screen_stack) > 2:
            self.pop_screen()

    def action_error_codes(self) -> None:
        if not isinstance(self.screen, screens.ErrorCodesScreen):
            self.push_screen(screens.ErrorCodesScreen())

    async def action_quit(self) -> None:
        """Quit with the work saved: the wizard keeps even the step being typed."""
        for screen in self.screen_stack:
            if isinstance(screen, screens.WizardScreen):
                screen.take_values()
                screen.save()
        self.exit()

    # -- shared by screens ------------------------------------------------------------

    def store_checks(self, exclude: Callable[[], int | None]
                     ) -> Callable[[str, Mapping[str, Any]], list[Issue]]:
        return self.store.checker(exclude)

    def open_wizard(self, record: Record | None, *, then_quit: bool = False) -> None:
        """The wizard on `record` (a new registration when None). `then_quit`: it was
        opened from the command line (`onboarding new`, `resume ID`), so leaving it (Esc,
        Finish, Discard) ends the program and the shell the person came from is back."""
        refusal = record.read_only() if record is not None else None
        if refusal:
            self.notify(refusal, severity="warning", timeout=8, markup=False)
            if then_quit:
                self.exit(return_code=1, message=refusal)
            return
        self.push_screen(screens.WizardScreen(record),
                         (lambda _result: self.exit()) if then_quit else None)

    def key_note(self) -> None:
        """Say once that this session made the store's key, which must be backed up."""
        made = self._store.key_created if self._store is not None else None
        if made is not None and not self._key_noted:
            self._key_noted = True
            self.notify(_("Made the store's key in {file}: back it up. Without it the personal "
                          "data in the portfolio cannot be read.").format(file=made),
                        title=_("New key"), timeout=15, markup=False)

    @work
    async def export_checklist(self, make: Callable[[], Checklist], client: str,
                               prepare: bool = False) -> None:
        """Ask for a format, a language and a file, write the checklist, say where it went.

        The checklist is made (`make`) and rendered in the language chosen in the dialog,
        on this thread (the words are looked up in the language in use); only the printing
        of a PDF runs in a thread, so the screen stays live meanwhile. The file is written
        as every output is (`onboarding.outputs`): whole or not at all, never through a link
        or over the store; an existing file is replaced only when the person says so.
        """
        import asyncio

        from onboarding.checklist import render
        from onboarding.checklist.pdf import PdfError, render_pdf

        chosen: Path | None = None
        error = ""
        lang: Language | None = None
        while True:  # a PDF that cannot be made: the dialog again, as it was, saying why
            answer = await self.push_screen_wait(widgets.ChecklistDialog(
                client, self.folder(), prepare=prepare, path=chosen, error=error,
                lang=lang))
            if answer is None:
                return
            fmt, path, lang = answer
            try:
                with i18n.language(lang):
                    content: str | bytes = render(make(), "html" if fmt == "pdf" else fmt)
                if fmt == "pdf":
                    content = await asyncio.to_thread(render_pdf, str(content))
                break
            except PdfError as exc:
                chosen, error = path, printable(said_error(exc))
        from onboarding.store.files import store_files

        protected = store_files(self.store.engine.url.render_as_string(hide_password=False))
        try:
            try:
                write_file(path, content, protected=protected)
            except OutputExists:
                replace = await self.push_screen_wait(widgets.ConfirmDialog(
                    lambda: _("{file} already exists. Replace it?").format(file=printable(path)),
                    yes=N_("Replace")))
                if not replace:
                    self.notify(_("Checklist not written"), timeout=5)
                    return
                write_file(path, content, force=True, protected=protected)
        except OutputError as exc:
            self.notify(printable(said_error(exc)), title=_("Checklist not written"),
                        severity="error", timeout=10, markup=False)
            return
        self.notify(_("Wrote {file}").format(file=printable(path)),
                    title=_("Checklist written"), timeout=8, markup=False)

    def folder(self) -> Path | None:
        """Where checklists go: the folder the app was given, else the checklist_folder
        setting, read when a checklist is first written (start-up reads no settings; a
        settings file that cannot be used was said when the store opened)."""
        if self.checklist_folder is None:
            try:
                self.checklist_folder = settings().checklist_folder
            except SettingsError:
                return None
        return self.checklist_folder

    def checklist_of(self, wizard: Wizard, registered_on: date | None = None,
                     verified_on: date | None = None) -> None:
        """Write the checklist the registration can have now (the engine's rule: the whole
        one, a draft's "prepare" one, or none while an answer is wrong, said why)."""
        from onboarding.checklist import NotReady, checklist_for

        def make() -> Checklist:
            return checklist_for(wizard, registered_on=registered_on,
                                 verified_on=verified_on)

        try:
            checklist = make()  # refused now, before a dialog, when it cannot be had
        except NotReady as refused:
            shown, rest = refused.errors[:3], len(refused.errors) - 3
            wrong = _("; ").join(described(wizard.entity, issue) for issue in shown)
            if rest > 0:
                wrong += ngettext(" (and {count} more)", " (and {count} more)", rest).format(
                    count=rest)
            self.notify(printable(_("Fix first: {problems}").format(problems=wrong)),
                        title=_("No checklist yet"), severity="error", timeout=10,
                        markup=False)
            return
        self.export_checklist(make, checklist.client, prepare=checklist.kind == "prepare")
