"""The TUI's share of issue 13: numbers masked on the review, purge asked first, the history
of a registration, a purged registration never opened in the wizard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Static

from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.dialogs import ConfirmDialog, HistoryDialog
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from onboarding.wizard import Wizard
from tests.helpers import china, overseas
from tests.tui_driver import home_loaded, next_step

SIZE = (110, 36)


def portfolio(tmp_path: Path) -> tuple[str, Store]:
    """#1 China (registered), #2 overseas (verified)."""
    url = f"sqlite:///{tmp_path / 'portfolio.db'}"
    store = open_store(url)
    store.add(china())
    record = store.add(overseas())
    store.mark(record.id, "verified", date(2026, 11, 24))
    return url, store


def notes(app: OnboardingApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def select(pilot: object, row: int) -> None:
    await home_loaded(pilot)  # type: ignore[arg-type]
    table = pilot.app.screen.query_one(PortfolioTable)  # type: ignore[attr-defined]
    table.move_cursor(row=row)
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_review_masks_the_numbers(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")
    wiz = Wizard(china())
    wiz.submitted.update(wiz.path)
    wiz.current = wiz.path[-1]
    record = store.save_draft(wiz.state())
    app = OnboardingApp(store, open_id=record.id, checklist_folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await next_step(pilot)
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        shown = "\n".join(str(s.render()) for s in pilot.app.screen.query(".review-answers")
                          .results(Static))
        assert "310**************3" in shown and "+86 *** **** 5678" in shown
        assert "310104199001011233" not in shown and "1234 5678" not in shown
        assert "王芳" in shown  # names are not numbers: shown to check them with the client


async def test_purge_is_asked_first_then_done(tmp_path: Path) -> None:
    url, store = portfolio(tmp_path)
    app = OnboardingApp(store_url=url, checklist_folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, 1)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        question = str(pilot.app.screen.query_one(Static).render())
        assert "#2 Nordlicht Outdoor GmbH" in question and "ID or passport number" in question
        await pilot.press("escape")
        await pilot.pause()
        assert store.get(2).purged is None  # cancelled: nothing removed
        await pilot.press("p")
        await pilot.pause()
        await pilot.click("#yes")
        await home_loaded(pilot)
        assert store.get(2).purged == "2026-11-25"
        assert "#2 Nordlicht Outdoor GmbH: personal data removed" in notes(pilot.app)
        assert [(e.action, e.via) for e in store.history(2)][-1] == ("purge", "terminal UI")
        pilot.app.screen.query_one(PortfolioTable).focus()
        await pilot.press("enter")  # resume: refused, it can no longer be edited
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        assert any("can no longer be edited" in note for note in notes(pilot.app))


async def test_purge_of_a_registration_still_needing_its_data_is_refused(tmp_path: Path) -> None:
    url, store = portfolio(tmp_path)
    async with OnboardingApp(store_url=url).run_test(size=SIZE) as pilot:
        await select(pilot, 0)
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmDialog)  # refused before asking
        assert any("not verified yet" in note for note in notes(pilot.app))
        assert store.get(1).purged is None


async def test_history_shows_the_trail_of_the_selected_registration(tmp_path: Path) -> None:
    url, store = portfolio(tmp_path)
    async with OnboardingApp(store_url=url).run_test(size=SIZE) as pilot:
        await select(pilot, 1)
        await pilot.press("h")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, HistoryDialog)
        lines = [str(s.render()) for s in dialog.query(".history-line").results(Static)]
        assert [line.split("  ")[2] for line in lines] == [
            "import (command line): " + ", ".join(store.history(2)[0].fields),
            "mark verified (command line): lifecycle.registered_on, lifecycle.verified_on"]
        assert "Nordlicht Outdoor GmbH" in str(dialog.query_one(".title", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
