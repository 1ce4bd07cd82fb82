"""Home: the consultant's portfolio, with the keys to act on a registration.

Drawn at once, before anything of the store: its frame first (title, filter, keys), then
the store is opened and read in a worker (a loading state shows meanwhile and keys keep
working), a page of rows at a time, and the table (textual-fastdatatable, pyarrow beneath
it) comes with the first rows. A filter is a SQL query, run once typing pauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from forms.clock import today
from forms.controls import printable
from onboarding.i18n import N_, _, said_error
from onboarding.portfolio import DRAFT, state_word
from onboarding.store.errors import StoreError
from onboarding.tui import widgets
from onboarding.tui.screens.home_actions import RegistrationActions
from onboarding.tui.widgets.focus import focus_of, refocus
from onboarding.tui.widgets.footer import KeysFooter
from onboarding.tui.widgets.header import TitleBar
from onboarding.tui.words import said, status_word, step_name

if TYPE_CHECKING:
    from datetime import date

    from onboarding.store import PortfolioRow, Record
    from onboarding.store.queries import Extent
    from onboarding.tui.app import OnboardingApp
    from onboarding.tui.widgets.portfolio_table import PortfolioTable

EMPTY = N_(
    "No registrations yet.\n\n"
    "Press [b]n[/b] to start one with a client: the wizard asks the questions WeChat will "
    "ask, in order, and checks each answer as you go. Your work is saved as you type.\n\n"
    "Already have answers files? Run [b]onboarding import FILE[/b] in a shell.\n"
    "Press [b]ctrl+p[/b] for every command, [b]e[/b] to look up a WeChat error code."
)
FILTER_PAUSE = 0.15  # seconds of no typing before the filter runs
ORDER_NAMES = {"id": N_("ID"), "client": N_("client"), "status": N_("status"),
               "due": N_("deadline")}
COLUMN_ORDERS = {0: "id", 1: "client", 4: "status", 5: "due"}  # header click sorts


def tables() -> ModuleType:
    """The portfolio table's module, imported when the first load needs it (on the load
    worker's thread): textual-fastdatatable and pyarrow are not needed for the frame."""
    from onboarding.tui.widgets import portfolio_table

    return portfolio_table


@dataclass(frozen=True)
class View:
    """What one load found: the rows of a filter, a page of them, and where the cursor goes."""

    search: str
    order: str
    on: date
    matching: int
    whole: Extent  # the whole portfolio: its size, widest client name, highest ID
    first: list[PortfolioRow]
    cursor: int

    @property
    def total(self) -> int:
        return self.whole.total


class HomeScreen(RegistrationActions, Screen):
    app: OnboardingApp
    AUTO_FOCUS = "#portfolio"  # never the filter: keys are commands until / is pressed
    BINDINGS = [
        Binding("n", "new", N_("New")),
        Binding("r", "resume", N_("Resume")),
        Binding("c", "checklist", N_("Checklist")),
        Binding("m", "mark", N_("Mark"),
                tooltip=N_("Record the day it was registered, verified or paid, or its "
                           "verification submitted")),
        Binding("d", "delete", N_("Delete")),
        # Shown in the palette: the footer keeps to what fits in 80 columns.
        Binding("p", "purge", N_("Purge"), show=False),
        Binding("h", "history", N_("History"), show=False),
        Binding("l", "link", N_("Link"), show=False,
                tooltip=N_("A link for the client to fill in their part on a phone")),
        Binding("slash", "filter", N_("Filter")),
        Binding("e", "errors", N_("Codes"), tooltip=N_("WeChat's API error codes (返回码)")),
        Binding("o", "order", N_("Sort"), show=False),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False),
        # The footer is full at 80 columns: f1 is said in the palette ("Keys (f1)").
        Binding("f1", "keys", N_("Keys"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: View | None = None
        self.shown: View | None = None  # the view on screen (the table mounts after the first)
        self.order = "id"
        self._pause: Timer | None = None
        self._refocus_table = False  # the table had the focus before a language switch

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(placeholder=_("/ Filter by client, path or status"), id="filter")
        yield Static("", id="portfolio-frame")  # where the table comes with the first rows
        yield Static("", id="detail", markup=False)
        yield Static(_(EMPTY), id="empty")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Portfolio · loading…")
        self.query_one("#empty").display = False
        self.query_one("#detail", Static).update(_("Loading the portfolio…"))

    async def relabel(self) -> None:
        """In the language now on screen: the filter as typed, the cursor where it was."""
        text = self.query_one("#filter", Input).value
        where, selected = focus_of(self), self.selected()
        await self.recompose()
        self.on_mount()
        search = self.query_one("#filter", Input)
        with search.prevent(Input.Changed):
            search.value = text
        self._refocus_table = where.widget_id == "portfolio"
        if where.widget_id not in (None, "portfolio"):  # the table takes it with its rows
            refocus(self, where)
        self.reload(selected.id if selected else None)

    def on_screen_resume(self) -> None:
        """Also the first showing: the portfolio is loaded once the frame is drawn (the
        worker's imports would slow its drawing). Back from the wizard, the cursor is on
        the registration just worked on."""
        worked_on, self.app.worked_on = self.app.worked_on, None
        if self.view is None:
            self.call_after_refresh(self.reload, worked_on)
        else:
            self.reload(worked_on)

    def table(self) -> PortfolioTable | None:
        """The portfolio's table, once the first load has brought it."""
        found = self.query("#portfolio")
        return cast("PortfolioTable", found.first()) if found else None

    # -- loading ----------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the portfolio again (it may have changed), keeping the selected row (or
        putting the cursor on `keep`)."""
        selected = self.selected()
        keep = keep if keep is not None else selected.id if selected else None
        self.load(self.query_one("#filter", Input).value, self.order, keep)

    def refilter(self) -> None:
        """A new filter or order of the same portfolio: one page query, cursor on top."""
        whole = self.view.whole if self.view else None
        self.load(self.query_one("#filter", Input).value, self.order, None, whole)

    @work(thread=True, exclusive=True, group="load")
    def load(self, search: str, order: str, keep: int | None,
             whole: Extent | None = None) -> None:
        """Read one view of the store off the UI thread; show it when done."""
        try:
            page = tables().PAGE
            store = self.app.ensure_store()
            on = today()
            whole = whole or store.extent(on)
            cursor = store.position(on, search, keep, order) if keep is not None else None
            first, matching = store.page(on, search, offset=(cursor or 0) // page * page,
                                         limit=page, order=order)
        except StoreError as exc:
            self.app.call_from_thread(self.failed, said_error(exc))
            return
        if get_current_worker().is_cancelled:
            return
        view = View(search, order, on, matching, whole, first, cursor or 0)
        self.app.call_from_thread(self.show, view)

    def failed(self, reason: str) -> None:
        self.query_one("#detail", Static).update(_("The portfolio could not be read."))
        self.app.store_failed(reason)

    def show(self, view: View) -> None:
        """Show a view read by `load`; the first one mounts the table in the frame's place
        and is shown once the table is laid out (its width decides the client column's)."""
        self.view = view
        table = self.table()
        if table is None:
            self.call_later(self._mount_table)
        else:
            self._show(view, table)

    async def _mount_table(self) -> None:
        if self.table() is not None:  # a second view came while the first was mounting it
            return
        table = tables().PortfolioTable(id="portfolio", cursor_type="row", zebra_stripes=True)
        await self.query_one("#portfolio-frame").remove()
        await self.mount(table, before="#detail")
        if self._refocus_table:
            self._refocus_table = False
            table.focus()
        self.call_after_refresh(self._show_latest, table)

    def _show_latest(self, table: PortfolioTable) -> None:
        if self.view is not None:
            self._show(self.view, table)

    def _show(self, view: View, table: PortfolioTable) -> None:
        module = tables()
        offset = view.cursor // module.PAGE * module.PAGE
        backend = module.PageBackend(view.matching, [], self._fetcher(view),
                                     module.row_cells(view.on), view.whole.widest_client,
                                     table.scrollable_content_region.width, view.whole.last_id)
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
        count = (_("{matching:,} of {total:,}").format(matching=view.matching, total=view.total)
                 if view.search.strip() else f"{view.total:,}")
        by = (_(" · by {order}").format(order=_(ORDER_NAMES[view.order]))
              if view.order != "id" else "")
        self.sub_title = _("Portfolio · {count}").format(count=count) + by
        self._detail()
        self.app.key_note()
        self.shown = view

    def _fetcher(self, view: View) -> Any:
        store = self.app.store
        return lambda offset, limit: store.rows(view.on, view.search, offset=offset, limit=limit,
                                                order=view.order)

    # -- the selection ----------------------------------------------------------------

    def selected(self) -> PortfolioRow | None:
        table = self.table()
        return table.selected() if table is not None else None

    def selected_record(self) -> Record | None:
        row = self.selected()
        if row is None:
            return None
        try:
            return self.app.store.get(row.id)
        except StoreError as exc:
            self.refused(exc)
            return None

    def on_data_table_row_highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        """The selected registration's next deadline in words, under the table."""
        row = self.selected()
        text = ""
        view = self.view
        if view is not None and view.total and not view.matching:
            text = _("No registration matches “{search}” (client, path or status). Esc clears "
                     "the filter.").format(search=view.search.strip())
        if row is not None:
            step = status_word(row.status)
            if row.editing is not None:  # where a draft or an edit stopped, from the query
                at = step_name(row.editing)
                step = (_("at {step}").format(step=at) if row.status == DRAFT
                        else _("{status} · an unfinished edit at {step}: r continues it").format(
                            status=step, step=at))  # the status: as it stands
            text = _("#{id} {client}: {state}").format(id=row.id, client=row.client, state=step)
            if row.link is not None:
                text += _(" · {link} (l)").format(link=state_word(row.link))
            if row.next is not None and view is not None:
                text += _(" · next: {deadline}: {when}").format(
                    deadline=said(row.next.title),
                    when=said(row.next.requirement().when(view.on)))
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
        self._focus_table()

    def _focus_table(self) -> None:
        table = self.table()
        if table is not None:
            table.focus()

    def action_order(self, order: str | None = None) -> None:
        """Sort by ID, client, status or deadline: `o` takes the next, a header click its own."""
        orders = list(ORDER_NAMES)
        self.order = order or orders[(orders.index(self.order) + 1) % len(orders)]
        self.refilter()

    def on_data_table_header_selected(self, event: PortfolioTable.HeaderSelected) -> None:
        """A header click sorts by its column."""
        order = COLUMN_ORDERS.get(event.column_index)
        if order is not None:
            self.action_order(order)

    def action_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_clear_filter(self) -> None:
        """Esc drops the filter and goes back to the whole portfolio."""
        self.query_one("#filter", Input).value = ""
        self._focus_table()

    # -- actions ----------------------------------------------------------------------

    def on_data_table_row_selected(self) -> None:
        self.action_resume()

    def action_new(self) -> None:
        if self.app.ready():
            self.app.open_wizard(None)

    def action_resume(self) -> None:
        if not self.app.ready():
            return
        if self.selected() is None:
            self.notify(_("No registration selected: press n to start one"))
            return
        record = self.selected_record()
        if record is not None:
            self.app.open_wizard(record)

    def action_errors(self) -> None:
        self.app.action_error_codes()

    def action_keys(self) -> None:
        widgets.KeysDialog.show_for(self)
