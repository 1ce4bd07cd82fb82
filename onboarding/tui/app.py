"""The app: a thin shell that owns the store and moves between screens."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from onboarding.i18n import _
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.widgets.footer import WIDE

if TYPE_CHECKING:
    from forms.issues import Issue
    from onboarding.checklist import Checklist
    from onboarding.store import Record, Store
    from onboarding.wizard import Wizard


class OnboardingApp(App[None]):
    """WeChat Official Account registrations, in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "WeChat onboarding 公众号注册"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f2", "toggle_dark", "Light/dark", show=False),  # in the palette too
    ]

    def __init__(
        self,
        store: Store | None = None,
        *,
        store_url: str | None = None,
        open_id: int | None = None,
        new: bool = False,
        checklist_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self._store = store
        self._store_lock = threading.Lock()
        self.store_url = store_url
        self.open_id = open_id
        self.start_new = new
        self.checklist_folder = checklist_folder
        self._key_noted = False
        self.worked_on: int | None = None  # the registration a wizard last saved

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
            self.notify("Opening the portfolio…", timeout=2)
            return False
        return True

    def store_failed(self, reason: str) -> None:
        """A store that cannot be opened ends the app with its one line, as the CLI does."""
        if self._store is None:
            self.exit(return_code=2, message=f"onboarding: error: {reason}")
        else:
            self.notify(reason, severity="error", timeout=10)

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        if self.start_new:
            self.open_wizard(None)
        elif self.open_id is not None:
            self.open_wizard(self.store.get(self.open_id))

    # -- actions everywhere -----------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("New registration", "Start a client's registration", self.action_new)
        yield SystemCommand("Portfolio", "All registrations, with progress and deadlines",
                            self.action_home)
        yield SystemCommand("Error codes 返回码", "Look up a WeChat API error code",
                            self.action_error_codes)
        yield SystemCommand("Light / dark theme", "Switch between the light and dark theme",
                            self.action_toggle_dark)
        if isinstance(screen, HomeScreen):  # keys that the footer leaves out at 80 columns
            yield SystemCommand("Purge personal data (p)", "Remove the selected verified "
                                "registration's personal data (asks first)", screen.action_purge)
            yield SystemCommand("History (h)", "Who changed the selected registration, when",
                                screen.action_history)
            yield SystemCommand(_("Sort (o)"), _("Sort the portfolio by the next of ID, client, "
                                "status and deadline"), screen.action_order)
        yield from super().get_system_commands(screen)

    def action_new(self) -> None:
        self.open_wizard(None)

    def action_home(self) -> None:
        from onboarding.tui.screens.wizard import WizardScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, WizardScreen):
                screen.take_values()
                screen.save()
        while not isinstance(self.screen, HomeScreen) and len(self.screen_stack) > 2:
            self.pop_screen()

    def action_error_codes(self) -> None:
        from onboarding.tui.screens.errors import ErrorCodesScreen

        if not isinstance(self.screen, ErrorCodesScreen):
            self.push_screen(ErrorCodesScreen())

    async def action_quit(self) -> None:
        """Quit with the work saved: the wizard keeps even the step being typed."""
        from onboarding.tui.screens.wizard import WizardScreen

        for screen in self.screen_stack:
            if isinstance(screen, WizardScreen):
                screen.take_values()
                screen.save()
        self.exit()

    # -- shared by screens ------------------------------------------------------------

    def store_checks(self, exclude: Callable[[], int | None]
                     ) -> Callable[[str, Mapping[str, Any]], list[Issue]]:
        return self.store.checker(exclude)

    def open_wizard(self, record: Record | None) -> None:
        from onboarding.tui.screens.wizard import WizardScreen

        refusal = record.read_only() if record is not None else None
        if refusal:
            self.notify(refusal, severity="warning", timeout=8, markup=False)
            return
        self.push_screen(WizardScreen(record))

    def key_note(self) -> None:
        """Say once that this session made the store's key, which must be backed up."""
        made = self._store.key_created if self._store is not None else None
        if made is not None and not self._key_noted:
            self._key_noted = True
            self.notify(f"Made the store's key in {made}: back it up. Without it the personal "
                        "data in the portfolio cannot be read.", title="New key",
                        timeout=15, markup=False)

    @work
    async def export_checklist(self, checklist: Checklist) -> None:
        """Ask for a format and a file, write the checklist, say where it went.

        The file is written as every output is (`onboarding.outputs`): whole or not at all,
        never through a link or over the store; an existing file is replaced only when
        the person says so. A PDF is printed in a thread: the screen stays live meanwhile.
        """
        import asyncio

        from forms.controls import printable
        from onboarding.checklist import render
        from onboarding.checklist.pdf import PdfError
        from onboarding.locations import store_files
        from onboarding.outputs import OutputError, OutputExists, write_file
        from onboarding.tui.widgets.dialogs import ChecklistDialog, ConfirmDialog

        chosen: Path | None = None
        error = ""
        while True:  # a PDF that cannot be made: the dialog again, as it was, saying why
            answer = await self.push_screen_wait(ChecklistDialog(
                checklist.client, self.checklist_folder, prepare=checklist.kind == "prepare",
                path=chosen, error=error))
            if answer is None:
                return
            fmt, path = answer
            try:
                content = await asyncio.to_thread(render, checklist, fmt)
                break
            except PdfError as exc:
                chosen, error = path, printable(exc)
        protected = store_files(self.store.engine.url.render_as_string(hide_password=False))
        try:
            try:
                write_file(path, content, protected=protected)
            except OutputExists:
                replace = await self.push_screen_wait(
                    ConfirmDialog(f"{printable(path)} already exists. Replace it?",
                                  yes="Replace"))
                if not replace:
                    self.notify("Checklist not written", timeout=5)
                    return
                write_file(path, content, force=True, protected=protected)
        except OutputError as exc:
            self.notify(printable(exc), title="Checklist not written", severity="error",
                        timeout=10, markup=False)
            return
        self.notify(f"Wrote {printable(path)}", title="Checklist written", timeout=8,
                    markup=False)

    def checklist_of(self, wizard: Wizard, registered_on: date | None = None,
                     verified_on: date | None = None, warnings: Sequence[Issue] = ()) -> None:
        """Write the checklist the registration can have now (the engine's rule: the whole
        one, a draft's "prepare" one, or none while an answer is wrong, said why)."""
        from forms.controls import printable
        from onboarding.checklist import NotReady, checklist_for
        from onboarding.questions import described

        try:
            checklist = checklist_for(wizard, registered_on=registered_on,
                                      verified_on=verified_on, warnings=warnings)
        except NotReady as refused:
            wrong = "; ".join(described(wizard.entity, issue) for issue in refused.errors[:3])
            more = f" (and {len(refused.errors) - 3} more)" if len(refused.errors) > 3 else ""
            self.notify(printable(f"Fix first: {wrong}{more}"), title="No checklist yet",
                        severity="error", timeout=10, markup=False)
            return
        self.export_checklist(checklist)
