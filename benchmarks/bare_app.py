"""The baseline of the start-up figures: a bare Textual app (Header, DataTable, Footer).

`python benchmarks/bare_app.py` runs it in the terminal; `benchmarks/tui_run.py` times it
headless.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import DataTable, Footer, Header

TITLE = "Bare Textual"


class Plain(App[None]):
    TITLE = TITLE

    def compose(self) -> Any:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("ID", "Client", "Path", "Steps", "Status",
                                              "Next deadline")


if __name__ == "__main__":
    Plain().run()
