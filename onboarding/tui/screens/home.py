"""Home: the consultant's portfolio, with the keys to act on a registration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from forms.clock import today
from forms.controls import printable
from forms.schedule import days_text
from onboarding.store import Record, StoreError

if TYPE_CHECKING:
    from datetime import date

    from onboarding.tui.app import OnboardingApp

EMPTY = (
    "No registrations yet.\n\n"
    "Press [b]n[/b] to start one with a client: the wizard asks the questions WeChat will "
    "ask, in order, and checks each answer as you go. Your work is saved after every step.\n\n"
    "Already have answers files? Run [b]onboarding import FILE[/b] in a shell.\n"
    "Press [b]ctrl+p[/b] for every command, [b]e[/b] to look up a WeChat error code."
)
STATUS_STYLE = {"overdue": "bold red", "draft": "dim", "verified": "green"}


class HomeScreen(Screen):
    app: OnboardingApp
    BINDINGS = [
        Binding("n", "new", "New"),
        Binding("r", "resume", "Resume"),
        Binding("c", "checklist", "Checklist"),
        Binding("m", "mark", "Mark date"),
        Binding("d", "delete", "Delete"),
        Binding("slash", "filter", "Filter"),
        Binding("e", "errors", "Error codes"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Record] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ Filter by client, path or status", id="filter")
        yield DataTable(id="portfolio", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail", markup=False)
        yield Static(EMPTY, id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Portfolio"
        table = self.query_one(DataTable)
        table.add_columns("ID", "Client", "Path", "Steps", "Status", "Next deadline")
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            self.records = self.app.store.list()
        except StoreError as exc:
            self.notify(printable(exc), severity="error", timeout=10, markup=False)
        self.fill()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        wanted = self.query_one("#filter", Input).value.strip().lower()
        selected = self.selected()
        table.clear()
        on = today()
        for record in self.records:
            status = record.status(on)
            cells = [record.client, record.flow or "-", status]
            if wanted and not any(wanted in c.lower() for c in cells):
                continue
            nxt = record.next_deadline(on)
            days = nxt.days_left(on) if nxt else None
            when = f"{nxt.due} · {days_text(days)}" if nxt and days is not None else "-"
            style = STATUS_STYLE.get(status, "")
            table.add_row(
                str(record.id), Text(printable(record.client)), record.flow or "-",
                record.progress_text(),
                Text(status, style=style),
                Text(when, style="bold red" if days is not None and days < 0 else ""),
                key=str(record.id),
            )
        if selected is not None and str(selected.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected.id)))
        empty = not self.records
        self.query_one("#empty").display = empty
        table.display = not empty
        self.query_one("#detail").display = not empty
        self._detail()

    def selected(self) -> Record | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.records if str(r.id) == key), None)

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        """The selected registration's next deadline in words, under the table."""
        record = self.selected()
        text = ""
        if record is not None:
            on = today()
            nxt = record.next_deadline(on)
            step = f"at {record.step_title()}" if record.is_draft else record.status(on)
            text = f"#{record.id} {record.client}: {step}"
            if nxt is not None and nxt.due is not None:
                text += f" · next: {nxt.title}, due {nxt.due}"
        self.query_one("#detail", Static).update(printable(text))

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self.fill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_clear_filter(self) -> None:
        """Esc drops the filter and goes back to the whole portfolio."""
        self.query_one("#filter", Input).value = ""
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        self.action_resume()

    def action_new(self) -> None:
        self.app.open_wizard(None)

    def action_resume(self) -> None:
        record = self.selected()
        if record is None:
            self.notify("No registration selected: press n to start one")
            return
        self.app.open_wizard(record)

    def action_errors(self) -> None:
        self.app.action_error_codes()

    def action_checklist(self) -> None:
        record = self.selected()
        if record is None:
            return
        reg = record.registration()
        if record.is_draft or reg is None:
            self.notify("This registration is still a draft: finish it first (r)",
                        severity="warning")
            return
        warnings = record.wizard().result().warnings
        self.app.export_checklist(reg, warnings, record.registered_on, record.verified_on,
                                  client=record.client)

    @work
    async def action_mark(self) -> None:
        from onboarding.tui.widgets.dialogs import MarkDialog

        record = self.selected()
        if record is None:
            return

        def record_date(what: str, day: date) -> str | None:
            try:
                self.app.store.mark(record.id, what, day)
            except StoreError as exc:
                return str(exc)
            return None

        answer = await self.app.push_screen_wait(MarkDialog(record.client, record_date))
        if answer is None:
            return
        what, day = answer
        self.notify(f"{printable(record.client)}: {what} on {day}", markup=False)
        self.reload()

    @work
    async def action_delete(self) -> None:
        from onboarding.tui.widgets.dialogs import ConfirmDialog

        record = self.selected()
        if record is None:
            return
        sure = await self.app.push_screen_wait(
            ConfirmDialog(f"Delete #{record.id} {printable(record.client)}? This cannot be "
                          "undone.", yes="Delete")
        )
        if not sure:
            return
        try:
            self.app.store.remove(record.id)
        except StoreError as exc:
            self.notify(printable(exc), severity="error", markup=False)
            return
        self.notify(f"Deleted #{record.id} {printable(record.client)}", markup=False)
        self.reload()
