"""The WeChat return codes screen (返回码): search, detail, how it is reached (Textual pilot
tests)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from onboarding.store import open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.errors import ErrorCodesScreen
from tests.tui_driver import palette_found


def app(tmp_path: Path) -> OnboardingApp:
    return OnboardingApp(open_store(f"sqlite:///{tmp_path / 'p.db'}"), checklist_folder=tmp_path)


async def test_search_filters_as_you_type(tmp_path: Path) -> None:
    async with app(tmp_path).run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ErrorCodesScreen)
        table = screen.query_one(DataTable)
        everything = table.row_count
        assert everything > 500
        await pilot.press(*"40001")
        await pilot.pause()
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert len(rows) >= 2 and {str(r[0]) for r in rows} == {"40001"}
        assert len({str(r[1]) for r in rows}) == len(rows)  # one row per product line
        detail = str(screen.query_one("#error-detail", Static).render())
        assert detail.startswith("40001 · OA Platform") and "compare the AppSecret" in detail
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*"菜单")
        await pilot.pause()
        assert 0 < table.row_count < everything
        assert all("菜单" in str(table.get_row_at(i)[3]) or "menu" in
                   str(table.get_row_at(i)[2]).lower() for i in range(table.row_count))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ErrorCodesScreen)


async def test_reachable_from_the_command_palette(tmp_path: Path) -> None:
    async with app(tmp_path).run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_found(pilot, "Error codes")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ErrorCodesScreen)


async def test_in_chinese_the_detail_names_the_product_line_and_a_search_finds_it(
        tmp_path: Path) -> None:
    """The detail pane once said "40082 · WeCom (Work WeChat)" under a Chinese table, and
    "企业微信" found no code."""
    chinese = OnboardingApp(open_store(f"sqlite:///{tmp_path / 'p.db'}"),
                            checklist_folder=tmp_path, lang="zh")
    async with chinese.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press(*"企业微信")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert table.row_count > 10
        assert {str(table.get_row_at(i)[1]) for i in range(table.row_count)} == {"企业微信"}
        detail = str(screen.query_one("#error-detail", Static).render()).splitlines()
        assert detail[0].endswith("· 企业微信") and not detail[1].isascii()  # WeChat's words
