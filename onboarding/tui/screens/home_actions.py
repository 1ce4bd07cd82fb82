"""What the portfolio does to its selected registration: its checklist, a mark (registered,
verified, paid, submitted), delete, purge, its client link and its history. Each asks the
engine and says the outcome; the portfolio's loading and selection are `home.HomeScreen`'s."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from forms import sentences as fact
from forms.controls import printable
from onboarding.i18n import N_, _, said_error
from onboarding.portfolio import not_purgeable
from onboarding.store.errors import StoreError
from onboarding.tui import widgets

if TYPE_CHECKING:
    from onboarding.store import PortfolioRow, Record
    from onboarding.tui.app import OnboardingApp

MARK_WORDS = {"registered": N_("registered"), "verified": N_("verified"), "paid": N_("paid"),
              "submitted": N_("verification submitted")}  # what a mark recorded, on screen


class RegistrationActions(Screen):
    """The portfolio's actions on the selected registration (a part of `HomeScreen`)."""

    app: OnboardingApp

    if TYPE_CHECKING:  # the portfolio screen's own
        def selected(self) -> PortfolioRow | None: ...
        def selected_record(self) -> Record | None: ...
        def reload(self, keep: int | None = None) -> None: ...

    def ready_row(self) -> PortfolioRow | None:
        """The highlighted registration, once the store is open (else None: `ready` says the
        portfolio is still opening)."""
        return self.selected() if self.app.ready() else None

    def refused(self, exc: StoreError) -> None:
        """The store's one line, as a notification that stays long enough to read."""
        self.notify(printable(said_error(exc)), severity="error", timeout=10, markup=False)

    def action_checklist(self) -> None:
        record = self.selected_record() if self.app.ready() else None
        if record is None:
            return
        try:  # with the portfolio's warnings, as the command line tells them
            wizard = self.app.store.checked(record)
        except StoreError as exc:
            self.refused(exc)
            return
        self.app.checklist_of(wizard, record.registered_on, record.verified_on)

    @work
    async def action_mark(self) -> None:
        row = self.ready_row()
        if row is None:
            return

        def record_date(what: str, day: date) -> str | None:
            try:
                self.app.store.mark(row.id, what, day)
            except StoreError as exc:
                return said_error(exc)
            return None

        answer = await self.app.push_screen_wait(widgets.MarkDialog(row.client, record_date))
        if answer is None:
            return
        what, day = answer
        self.notify(_("{client}: {what} on {day}").format(
            client=printable(row.client), what=_(MARK_WORDS[what]), day=day), markup=False)
        try:
            notes = self.app.store.get(row.id).noted()
        except StoreError:
            notes = []
        for issue in notes:  # a verification approved after its window
            self.notify(printable(issue.text(_)), severity="warning", timeout=10, markup=False)
        self.reload()

    @work
    async def action_delete(self) -> None:
        row = self.ready_row()
        if row is None:
            return
        sure = await self.app.push_screen_wait(widgets.ConfirmDialog(
            lambda: _("Delete #{id} {client}? This cannot be undone.").format(
                id=row.id, client=printable(row.client)),
            yes=N_("Delete")))
        if not sure:
            return
        try:
            self.app.store.remove(row.id)
        except StoreError as exc:
            self.refused(exc)
            return
        self.notify(_("Deleted #{id} {client}").format(id=row.id, client=printable(row.client)),
                    markup=False)
        self.reload()

    @work
    async def action_purge(self) -> None:
        """Keep less: a verified registration's personal data removed, asked first."""
        row = self.ready_row()
        if row is None:
            return
        record = self.selected_record()
        refusal = not_purgeable(row.id, record.stage) if record and not record.purged else None
        if refusal:  # refused for what it is, before any question
            self.notify(printable(refusal), severity="error", timeout=10, markup=False)
            return
        sure = await self.app.push_screen_wait(widgets.ConfirmDialog(
            lambda: _("Remove the personal data of #{id} {client}: {data}? Only keyed hashes "
                      "stay, so the limits still count it. This cannot be undone.").format(
                id=row.id, client=printable(row.client), data=_(fact.REMOVES)),
            yes=N_("Remove")))
        if not sure:
            return
        try:
            record, done, emptied = self.app.store.purge(row.id)
        except StoreError as exc:
            self.refused(exc)
            return
        said = (_("#{id} {client}: personal data removed") if done else
                _("#{id} {client}: personal data already removed on {day}"))
        self.notify(said.format(id=row.id, client=printable(row.client), day=record.purged),
                    markup=False)
        if not emptied:
            self.notify(_("Another program is using the store: the removed values stay in its "
                          "write-ahead log until every program using it has closed it."),
                        severity="warning", markup=False)
        self.reload()

    @work
    async def action_link(self) -> None:
        """The selected registration's client link: make, review, accept, send back."""
        row = self.ready_row()
        if row is None:
            return
        await self.app.push_screen_wait(widgets.LinkDialog(self.app.store, row.id, row.client))
        self.reload()  # its link, and its answers once accepted

    def action_history(self) -> None:
        """Who changed the selected registration, when, and which fields."""
        row = self.ready_row()
        if row is None:
            return
        try:
            entries = self.app.store.history(row.id)
        except StoreError as exc:
            self.refused(exc)
            return
        self.app.push_screen(widgets.HistoryDialog(f"#{row.id} {row.client}",
                                           lambda: [entry.line() for entry in entries]))
