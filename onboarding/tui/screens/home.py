"""Home: the consultant's portfolio, with the keys to act on a registration.

Drawn at once; the store is read in a worker (a loading state shows meanwhile and keys
keep working), a page of rows at a time. A filter is a SQL query, run once typing pauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from forms.controls import printable
from onboarding.store.errors import StoreError
from onboarding.tui.widgets.footer import KeysFooter
from onboarding.tui.widgets.portfolio_table import PAGE, PageBackend, PortfolioTable

if TYPE_CHECKING:
    from datetime import date

    from onboarding.store import PortfolioRow, Record
    from onboarding.tui.app import OnboardingApp

EMPTY = (
    "No registrations yet.\n\n"
    "Press [b]n[/b] to start one with a client: the wizard asks the questions WeChat will "
    "ask, in order, and checks each answer as you go. Your work is saved as you type.\n\n"
    "Already have answers files? Run [b]onboarding import FILE[/b] in a shell.\n"
    "Press [b]ctrl+p[/b] for every command, [b]e[/b] to look up a WeChat error code."
)
STATUS_STYLE = {"overdue": "bold red", "draft": "dim", "verified": "green",
                "damaged": "bold red"}
FILTER_PAUSE = 0.15  # seconds of no typing before the filter runs
ORDER_NAMES = {"id": "ID", "client": "client", "status": "status", "due": "deadline"}
COLUMN_ORDERS = {0: "id", 1: "client", 4: "status", 5: "due"}  # header click sorts


@dataclass(frozen=True)
class View:
    """What one load found: the rows of a filter, a page of them, and where the cursor goes."""

    search: str
    order: str
    on: date
    matching: int
    total: int
    first: list[PortfolioRow]
    widest_client: int
    cursor: int


class HomeScreen(Screen):
    app: OnboardingApp
    AUTO_FOCUS = "#portfolio"  # never the filter: keys are commands until / is pressed
    BINDINGS = [
        Binding("n", "new", "New"),
        Binding("r", "resume", "Resume"),
        Binding("c", "checklist", "Checklist"),
        Binding("m", "mark", "Mark", tooltip="Record the day it was registered or verified"),
        Binding("d", "delete", "Delete"),
        # Shown in the palette: the footer keeps to what fits in 80 columns.
        Binding("p", "purge", "Purge", show=False),
        Binding("h", "history", "History", show=False),
        Binding("slash", "filter", "Filter"),
        Binding("e", "errors", "Codes", tooltip="WeChat's API error codes (返回码)"),
        Binding("o", "order", "Sort", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: View | None = None
        self.order = "id"
        self._pause: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ Filter by client, path or status", id="filter")
        yield PortfolioTable(id="portfolio", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail", markup=False)
        yield Static(EMPTY, id="empty")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Portfolio · loading…"
        self.query_one("#empty").display = False
        self.query_one("#detail", Static).update("Loading the portfolio…")
        self.query_one(PortfolioTable).focus()

    def on_screen_resume(self) -> None:
        """Also the first showing: the portfolio is loaded once on opening. Back from the
        wizard, the cursor is on the registration just worked on."""
        worked_on, self.app.worked_on = self.app.worked_on, None
        self.reload(worked_on)

    # -- loading ----------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the portfolio again (it may have changed), keeping the selected row (or
        putting the cursor on `keep`)."""
        selected = self.selected()
        keep = keep if keep is not None else selected.id if selected else None
        self.load(self.query_one("#filter", Input).value, self.order, keep)

    def refilter(self) -> None:
        """A new filter or order of the same portfolio: one page query, cursor on top."""
        totals = (self.view.total, self.view.widest_client) if self.view else None
        self.load(self.query_one("#filter", Input).value, self.order, None, totals)

    @work(thread=True, exclusive=True, group="load")
    def load(self, search: str, order: str, keep: int | None,
             totals: tuple[int, int] | None = None) -> None:
        """Read one view of the store off the UI thread; show it when done."""
        from forms.clock import today

        try:
            store = self.app.ensure_store()
            on = today()
            if totals is None:
                whole = store.extent(on)
                totals = (whole.total, whole.widest_client)
            cursor = store.position(on, search, keep, order) if keep is not None else None
            first, matching = store.page(on, search, offset=(cursor or 0) // PAGE * PAGE,
                                         limit=PAGE, order=order)
        except StoreError as exc:
            self.app.call_from_thread(self.failed, str(exc))
            return
        if get_current_worker().is_cancelled:
            return
        view = View(search, order, on, matching, totals[0], first, totals[1], cursor or 0)
        self.app.call_from_thread(self.show, view)

    def failed(self, reason: str) -> None:
        self.query_one("#detail", Static).update("The portfolio could not be read.")
        self.app.store_failed(reason)

    def show(self, view: View) -> None:
        self.view = view
        table = self.query_one(PortfolioTable)
        offset = view.cursor // PAGE * PAGE
        backend = PageBackend(view.matching, [], self._fetcher(view), self._cells(view.on),
                              view.widest_client, table.scrollable_content_region.width)
        backend.keep(offset, view.first)
        table.show(backend, view.cursor)
        empty = view.total == 0
        if empty and table.has_focus:
            self.set_focus(None)  # keys stay the screen's, not the filter's
        self.query_one("#empty").display = empty
        table.display = not empty
        if not empty and self.focused is None:
            table.focus()
        self.query_one("#detail").display = not empty
        count = (f"{view.matching:,} of {view.total:,}" if view.search.strip()
                 else f"{view.total:,}")
        by = f" · by {ORDER_NAMES[view.order]}" if view.order != "id" else ""
        self.sub_title = f"Portfolio · {count}{by}"
        self._detail()
        self.app.key_note()

    def _fetcher(self, view: View) -> Any:
        store = self.app.store
        return lambda offset, limit: store.rows(view.on, view.search, offset=offset, limit=limit,
                                                order=view.order)

    @staticmethod
    def _cells(on: date) -> Any:
        from forms.schedule import days_text

        def cells(row: PortfolioRow) -> tuple[Any, ...]:
            nxt = row.next
            days = nxt.days_left(on) if nxt else None
            when = f"{nxt.due} · {days_text(days)}" if nxt and days is not None else "-"
            return (
                str(row.id), Text(printable(row.client)), row.flow or "-", row.progress_text(),
                Text(row.status, style=STATUS_STYLE.get(row.status, "")),
                Text(when, style="bold red" if days is not None and days < 0 else ""),
            )

        return cells

    # -- the selection ----------------------------------------------------------------

    def selected(self) -> PortfolioRow | None:
        return self.query_one(PortfolioTable).selected()

    def selected_record(self) -> Record | None:
        row = self.selected()
        if row is None:
            return None
        try:
            return self.app.store.get(row.id)
        except StoreError as exc:
            self.notify(printable(exc), severity="error", timeout=10, markup=False)
            return None

    @on(PortfolioTable.RowHighlighted)
    def _detail(self) -> None:
        """The selected registration's next deadline in words, under the table."""
        row = self.selected()
        text = ""
        view = self.view
        if view is not None and view.total and not view.matching:
            text = (f"No registration matches “{view.search.strip()}” (client, path or "
                    "status). Esc clears the filter.")
        if row is not None:
            step = row.status
            if row.status == "draft":
                record = self.selected_record()
                step = f"at {record.step_title()}" if record else step
            text = f"#{row.id} {row.client}: {step}"
            if row.next is not None:
                text += f" · next: {row.next.title}, due {row.next.due}"
        self.query_one("#detail", Static).update(printable(text))

    # -- filtering --------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        """Typing only restarts a short timer; the query runs when typing pauses."""
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(FILTER_PAUSE, self.refilter)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(PortfolioTable).focus()

    def action_order(self, order: str | None = None) -> None:
        """Sort by ID, client, status or deadline: `o` takes the next, a header click its own."""
        orders = list(ORDER_NAMES)
        self.order = order or orders[(orders.index(self.order) + 1) % len(orders)]
        self.refilter()

    @on(PortfolioTable.HeaderSelected)
    def _sort_by_header(self, event: PortfolioTable.HeaderSelected) -> None:
        order = COLUMN_ORDERS.get(event.column_index)
        if order is not None:
            self.action_order(order)

    def action_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_clear_filter(self) -> None:
        """Esc drops the filter and goes back to the whole portfolio."""
        self.query_one("#filter", Input).value = ""
        self.query_one(PortfolioTable).focus()

    # -- actions ----------------------------------------------------------------------

    @on(PortfolioTable.RowSelected)
    def _open(self) -> None:
        self.action_resume()

    def action_new(self) -> None:
        if self.app.ready():
            self.app.open_wizard(None)

    def action_resume(self) -> None:
        if not self.app.ready():
            return
        if self.selected() is None:
            self.notify("No registration selected: press n to start one")
            return
        record = self.selected_record()
        if record is not None:
            self.app.open_wizard(record)

    def action_errors(self) -> None:
        self.app.action_error_codes()

    def action_checklist(self) -> None:
        record = self.selected_record() if self.app.ready() else None
        if record is None:
            return
        try:  # the portfolio's warnings, as the command line tells them
            noted = [i for i in self.app.store.cross_account_issues(record.answers_file(),
                                                                   record.id)
                     if i.severity == "warning"]
        except StoreError as exc:
            self.notify(printable(exc), severity="error", timeout=10, markup=False)
            return
        self.app.checklist_of(record.wizard(), record.registered_on, record.verified_on, noted)

    @work
    async def action_mark(self) -> None:
        from onboarding.tui.widgets.dialogs import MarkDialog

        row = self.selected() if self.app.ready() else None
        if row is None:
            return

        def record_date(what: str, day: date) -> str | None:
            try:
                self.app.store.mark(row.id, what, day)
            except StoreError as exc:
                return str(exc)
            return None

        answer = await self.app.push_screen_wait(MarkDialog(row.client, record_date))
        if answer is None:
            return
        what, day = answer
        self.notify(f"{printable(row.client)}: {what} on {day}", markup=False)
        self.reload()

    @work
    async def action_delete(self) -> None:
        from onboarding.tui.widgets.dialogs import ConfirmDialog

        row = self.selected() if self.app.ready() else None
        if row is None:
            return
        sure = await self.app.push_screen_wait(
            ConfirmDialog(f"Delete #{row.id} {printable(row.client)}? This cannot be undone.",
                          yes="Delete")
        )
        if not sure:
            return
        try:
            self.app.store.remove(row.id)
        except StoreError as exc:
            self.notify(printable(exc), severity="error", markup=False)
            return
        self.notify(f"Deleted #{row.id} {printable(row.client)}", markup=False)
        self.reload()

    @work
    async def action_purge(self) -> None:
        """Keep less: a verified registration's personal data removed, asked first."""
        from forms.personal import REMOVES
        from onboarding.tui.widgets.dialogs import ConfirmDialog

        row = self.selected() if self.app.ready() else None
        if row is None:
            return
        sure = await self.app.push_screen_wait(ConfirmDialog(
            f"Remove the personal data of #{row.id} {printable(row.client)}: {REMOVES}? Only "
            "keyed hashes stay, so the limits still count it. This cannot be undone.",
            yes="Remove"))
        if not sure:
            return
        try:
            record, done = self.app.store.purge(row.id)
        except StoreError as exc:
            self.notify(printable(exc), severity="error", timeout=10, markup=False)
            return
        said = "removed" if done else f"already removed on {record.purged}"
        self.notify(f"#{row.id} {printable(row.client)}: personal data {said}", markup=False)
        self.reload()

    def action_history(self) -> None:
        """Who changed the selected registration, when, and which fields."""
        from onboarding.tui.widgets.dialogs import HistoryDialog

        row = self.selected() if self.app.ready() else None
        if row is None:
            return
        try:
            entries = self.app.store.history(row.id)
        except StoreError as exc:
            self.notify(printable(exc), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(HistoryDialog(f"#{row.id} {row.client}",
                                           [entry.line() for entry in entries]))
