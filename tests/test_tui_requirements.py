"""Issue 22 in the terminal UI: the portfolio says what is past due, the mark dialog records a
payment (and warns of a late approval), purge and the checklist dialog refuse at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from onboarding.store import Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.widgets.dialogs import ChecklistDialog
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from tests.helpers import china
from tests.tui_driver import app_for, home_loaded, mark_dialog, until

SIZE = (110, 32)


def notes(app: OnboardingApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _bank_transfer() -> dict:
    data = china()
    data["authentication"] = "bank_transfer"
    data["verification"] = {"requested": True, "registered_on": "2026-11-20"}
    return data


async def test_the_portfolio_says_past_due_since(store: Store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(china())  # registered 2026-11-20: the last safe day 2026-11-30 has passed
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-05")
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        row = "".join(segment.text for segment in table.render_line(1))
        assert "overdue" in row and "past due since 2026-11-30" in row, row
        detail = str(pilot.app.screen.query_one("#detail", Static).render())
        assert "next: Submit the WeChat Verification application (last safe day): past due " \
               "since 2026-11-30" in detail, detail


async def test_the_mark_dialog_records_a_payment(store: Store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(_bank_transfer())
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-05")  # the 10 days ended 2026-11-30
    assert store.rows(date(2026, 12, 5))[0].status == "overdue"
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.click("#what-paid")
        day = dialog.query_one("#on", Input)
        day.value = "2026-11-27"
        await pilot.click("#record")
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        assert store.list()[0].registration().paid_on == date(2026, 11, 27)
        assert any("paid on 2026-11-27" in note for note in notes(pilot.app))
        await home_loaded(pilot)
        row = "".join(segment.text
                      for segment in pilot.app.screen.query_one(PortfolioTable).render_line(1))
        assert "registered" in row and "overdue" not in row, row


async def test_the_mark_dialog_refuses_a_payment_with_nothing_to_pay(
        store: Store, tmp_path: Path) -> None:
    store.add(china())  # authenticated by WeChat Verification
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.click("#what-paid")
        dialog.query_one("#on", Input).value = "2026-11-24"
        await pilot.click("#record")
        await pilot.pause()
        assert pilot.app.screen is dialog
        error = str(dialog.query_one("#mark-error", Static).render())
        assert "only a bank-transfer authentication has a verification amount" in error


async def test_a_late_approval_is_warned_when_marked(store: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(china())  # registered 2026-11-20: the window closed 2026-12-20
    monkeypatch.setenv("ONBOARDING_TODAY", "2027-01-10")
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.click("#what-verified")
        dialog.query_one("#on", Input).value = "2027-01-05"
        await pilot.click("#record")
        await until(pilot, lambda: any("window closed on 2026-12-20" in n
                                       for n in notes(pilot.app)))
        assert store.list()[0].verified_on == date(2027, 1, 5)


async def test_the_checklist_dialog_names_the_formats(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChecklistDialog)
        dialog.query_one("#path", Input).value = str(tmp_path / "lotus.docx")
        await pilot.pause()
        await pilot.click("#write-file")
        error = dialog.query_one("#checklist-error", Static)
        await until(pilot, lambda: error.display)
        said = str(error.render())
        assert "HTML (.html, .htm), Markdown (.md, .markdown, .txt) or PDF (.pdf)" in said
        assert not (tmp_path / "lotus.docx").exists()
