"""The portfolio table: draws only the rows on screen, fetched a page at a time from SQL.

Built on textual-fastdatatable (as harlequin shows large results) with a backend that
reads pages of the store on demand instead of holding every row: opening a portfolio of
100,000 registrations costs one page, and a cursor move costs nothing new.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from rich.cells import cell_len
from rich.text import Text
from textual_fastdatatable import DataTable
from textual_fastdatatable.backend import DataTableBackend

from forms.controls import printable
from forms.registry import STEP_IDS
from forms.requirements import DUE_ON, PAST_DUE_SINCE, State
from forms.schedule import days_text
from forms.words import Message
from onboarding.i18n import N_, Language, _, current, language
from onboarding.portfolio import DAMAGED, FLOWS, STATUSES
from onboarding.tui.compat import forget_layout
from onboarding.tui.words import flow_name, said, status_word

if TYPE_CHECKING:
    from datetime import date

    from onboarding.store.queries import PortfolioRow

COLUMNS = (N_("ID"), N_("Client"), N_("Path"), N_("Steps"), N_("Status"), N_("Next deadline"))
PAGE = 200  # rows fetched at once
PAGES_KEPT = 16
CLIENT_WIDTH = (12, 40)  # the client column's narrowest and widest

Fetch = Callable[[int, int], "list[PortfolioRow]"]
Cells = Callable[["PortfolioRow"], Sequence[Any]]
STATUS_STYLE = {"overdue": "bold red", "draft": "dim", "verified": "green",
                "damaged": "bold red"}


def row_cells(on: date) -> Cells:
    """A registration's cells as the table shows them on day `on`: the next deadline as
    the requirements model says it ('past due since 2026-11-30' once passed)."""
    def cells(row: PortfolioRow) -> tuple[Any, ...]:
        nxt = row.next.requirement() if row.next else None
        past = nxt is not None and nxt.state(on) is State.PAST_DUE
        return (
            str(row.id), Text(printable(row.client)), flow_name(row.flow) or "-",
            row.progress_text(),
            Text(row.status_text(), style=STATUS_STYLE.get(row.status, "")),
            Text(said(nxt.when(on)) if nxt else "-", style="bold red" if past else ""),
        )

    return cells


def word_widths() -> tuple[int, ...]:
    """The path, steps, status and deadline columns' widths: their widest words in the
    language on screen (a status, a dated deadline), not the English ones everywhere, so
    that the client's name has the room left (a deadline said as a rule is cut at 27)."""
    return _word_widths(current())


@cache
def _word_widths(lang: Language) -> tuple[int, ...]:
    """Measured once a language: its words are fixed (not on every load of the table)."""
    day = date(2026, 12, 31)
    dated = (Message(PAST_DUE_SINCE, day=day), Message(DUE_ON, day=day, days=days_text(999)))
    with language(lang):  # the words of the language it is kept for
        words = (
            [flow_name(flow) for flow in FLOWS],
            [f"{len(STEP_IDS)}/{len(STEP_IDS)}"],  # the longest path's steps, all done
            [status_word(status) for status in (*STATUSES, DAMAGED)],
            [said(when) for when in dated],
        )
        return tuple(min(27, max(cell_len(_(header)), *(cell_len(word) for word in column)))
                     for header, column in zip(COLUMNS[2:], words, strict=True))


class PageBackend(DataTableBackend[None]):
    """A read-only window on the store: `fetch(offset, limit)` gives a page of rows."""

    def __init__(self, total: int, first: list[PortfolioRow], fetch: Fetch, cells: Cells,
                 widest_client: int, room: int = 0, last_id: int = 0) -> None:
        super().__init__(None)
        self._total, self._fetch, self._cells = total, fetch, cells
        self._pages: OrderedDict[int, list[PortfolioRow]] = OrderedDict()
        self._drawn: OrderedDict[int, list[Any]] = OrderedDict()  # cells of rows on screen
        if first:
            self._pages[0] = first
        low, high = CLIENT_WIDTH
        ids = len(str(max(total, last_id)))  # as wide as the highest ID, not the row count
        self._widths = [max(ids, cell_len(_(COLUMNS[0]))), max(low, min(high, widest_client)),
                        *word_widths()]
        self._client_most = high
        self._room = room
        if room:  # a narrow table: the client's name gives way, never the next deadline
            rest = sum(self._widths) - self._widths[1] + 2 * len(self._widths)  # cell padding
            self._client_most = max(low, min(high, room - rest))
            self._widths[1] = min(self._widths[1], self._client_most)

    @classmethod
    def from_pydict(cls, data: Mapping[str, Sequence[Any]], max_rows: int | None = None,
                    column_names: Sequence[str] | None = None) -> DataTableBackend:
        raise NotImplementedError("the portfolio table reads the store, not a dict")

    def keep(self, offset: int, rows: list[PortfolioRow]) -> None:
        """A page already read (the load worker reads the one the cursor opens on)."""
        self._pages[offset // PAGE] = rows
        low, _high = CLIENT_WIDTH
        beside = [cell_len(row.status_text()) for row in rows
                  if row.link is not None or row.edit_pending]
        if beside:  # a client link or an edit said beside a status widens its column...
            grown = max(self._widths[4], *beside) - self._widths[4]
            self._widths[4] += grown
            if self._room:  # ...and the client's name gives way, never the next deadline
                self._client_most = max(low, self._client_most - grown)
        # The store counts characters, and a Chinese one takes two cells: the client
        # column is widened for the names of the page the screen opens on.
        widest = max([self._widths[1], *(cell_len(row.client) for row in rows)])
        self._widths[1] = max(low, min(self._client_most, widest))  # never past the room

    def row(self, index: int) -> PortfolioRow | None:
        """The registration at a row, fetching its page when it is not at hand."""
        if not 0 <= index < self._total:
            return None
        page, at = divmod(index, PAGE)
        if page not in self._pages:
            self._pages[page] = self._fetch(page * PAGE, PAGE)
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        rows = self._pages[page]
        return rows[at] if at < len(rows) else None

    @property
    def source_data(self) -> None:
        return None

    @property
    def source_row_count(self) -> int:
        return self._total

    @property
    def row_count(self) -> int:
        return self._total

    @property
    def columns(self) -> Sequence[str]:
        return [_(c) for c in COLUMNS]

    @property
    def column_content_widths(self) -> Sequence[int]:
        return self._widths

    def get_row_at(self, index: int) -> Sequence[Any]:
        """A row's cells, made once while it is on screen (the table asks cell by cell)."""
        cells = self._drawn.get(index)
        if cells is None:
            row = self.row(index)
            cells = list(self._cells(row)) if row is not None else [None] * len(COLUMNS)
            client = cells[1]
            if isinstance(client, Text):  # a name wider than its column ends in "…"
                client.truncate(self._widths[1], overflow="ellipsis")
            self._drawn[index] = cells
            if len(self._drawn) > PAGE:
                self._drawn.popitem(last=False)
        return cells

    def get_column_at(self, index: int) -> Sequence[Any]:
        raise NotImplementedError("a column of the whole portfolio is never needed")

    def get_cell_at(self, row_index: int, column_index: int) -> Any:
        return self.get_row_at(row_index)[column_index]

    def append_column(self, label: str, default: Any | None = None) -> int:
        raise NotImplementedError("read-only: write to the store")

    def append_rows(self, records: Iterable[Iterable[Any]]) -> list[int]:
        raise NotImplementedError("read-only: write to the store")

    def drop_row(self, row_index: int) -> None:
        raise NotImplementedError("read-only: write to the store")

    def update_cell(self, row_index: int, column_index: int, value: Any) -> None:
        raise NotImplementedError("read-only: write to the store")

    def sort(self, by: list[tuple[str, Literal["ascending", "descending"]]] | str) -> None:
        raise NotImplementedError("the store orders the rows")


class PortfolioTable(DataTable):
    """The fast table, shown one backend (one view of the store) after another."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(column_labels=[_(c) for c in COLUMNS], render_markup=False, **kwargs)

    @property
    def page_backend(self) -> PageBackend | None:
        return self.backend if isinstance(self.backend, PageBackend) else None

    def selected(self) -> PortfolioRow | None:
        """The registration under the cursor: from the page at hand, no search."""
        backend = self.page_backend
        return backend.row(self.cursor_row) if backend and self.row_count else None

    def show(self, backend: PageBackend, row: int = 0) -> None:
        """Show a new view of the store and put the cursor on `row`.

        textual-fastdatatable builds a table per data set; a view changes with every
        filter, so the table forgets the last one's layout (onboarding.tui.compat).
        """
        backend.render_markup = False
        self.backend = backend
        forget_layout(self)
        self.move_cursor(row=min(row, max(backend.row_count - 1, 0)), column=0,
                         animate=False)
        self.refresh()
