"""WeChat's API error codes (返回码), filtered as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from onboarding import errorcodes
from onboarding.i18n import N_, _, ngettext
from onboarding.tui.widgets.footer import KeysFooter
from onboarding.tui.widgets.header import TitleBar
from onboarding.tui.words import backend_first


def platform_word(platform: str) -> str:
    """A product line as WeChat names it in the language on screen (the column is narrow:
    the Chinese name alone, where the CLI adds the English one)."""
    return _(platform) if platform in errorcodes.PLATFORM_NAMES else platform


class ErrorCodesScreen(Screen):
    shown: list[errorcodes.ErrorCode]

    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back")),
                Binding("slash", "focus_search", N_("Search"), show=False)]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(placeholder=_("Code, or words in English or Chinese (e.g. 40164, token, "
                                  "菜单)"), id="error-search")
        yield Static("", id="error-count", markup=False)
        yield DataTable(id="error-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="error-detail", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Error codes 返回码")
        table = self.query_one(DataTable)
        table.add_column(_("Code"), width=7)
        table.add_column(_("Product line"), width=20)
        # WeChat's own words first in Chinese, the English meaning first in English.
        meaning, official = _("Meaning"), "官方说明"
        first, second = (official, meaning) if backend_first() else (meaning, official)
        table.add_column(first, width=48)
        table.add_column(second)
        self.fill("")
        self.query_one("#error-search").focus()

    async def relabel(self) -> None:
        """In the language now on screen, with the search as typed."""
        text = self.query_one("#error-search", Input).value
        await self.recompose()
        self.on_mount()
        self.query_one("#error-search", Input).value = text

    @on(DataTable.RowHighlighted)
    def _detail(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted code in full: the table cuts long meanings."""
        entry = self.shown[event.cursor_row] if event.cursor_row < len(self.shown) else None
        if entry is None:
            self.query_one("#error-detail", Static).update("")
            return
        said = (entry.message_zh, entry.meaning_en) if backend_first() else \
            (entry.meaning_en, entry.message_zh)  # WeChat's own words first in Chinese
        self.query_one("#error-detail", Static).update(
            f"{entry.code} · {platform_word(entry.platform)}\n{said[0]}\n{said[1]}")

    @on(Input.Changed, "#error-search")
    def _search(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#error-search")
    def _to_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#error-search").focus()

    def fill(self, text: str) -> None:
        text = text.strip()
        found = errorcodes.search(text) if text else list(errorcodes.all_codes())
        self.shown = found
        table = self.query_one(DataTable)
        table.clear()
        for entry in found:
            said = [Text(entry.meaning_en), Text(entry.message_zh)]
            table.add_row(str(entry.code), platform_word(entry.platform),
                          *(said[::-1] if backend_first() else said))
        total = len(errorcodes.all_codes())
        count = (ngettext("{found} of {total} code matching {text}",
                          "{found} of {total} codes matching {text}", total)
                 if text else ngettext("{found} of {total} code", "{found} of {total} codes",
                                       total))
        self.query_one("#error-count", Static).update(
            count.format(found=len(found), total=total, text=repr(text)))
