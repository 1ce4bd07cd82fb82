"""The TUI shows hostile names as text and asks before replacing a checklist (issue 10).

A client name can hold markup (`[red]`, `[link=...]`) or escape sequences (a draft
saved by an older release, a store shared with someone careless); every screen, dialog,
notification and the header show it as itself, and nothing raw reaches the terminal.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from forms.controls import printable
from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.compat import notifications
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.dialogs import ChecklistDialog, ConfirmDialog, MarkDialog
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from onboarding.wizard import Wizard
from tests.helpers import china
from tests.tui_driver import home_loaded

SIZE = (120, 40)
MARKUP = "ACME [/HK] [red]x[/red] [link=https://evil.example]y[/link]"
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
RAW = ("\x1b", "\x07", "\x9b")


def app_for(tmp_path: Path, name: str = "portfolio.db") -> tuple[OnboardingApp, Store]:
    store = open_store(f"sqlite:///{tmp_path / name}")
    return OnboardingApp(store, checklist_folder=tmp_path), store


def no_raw_controls(app: OnboardingApp) -> None:
    """What the terminal would receive for the whole screen holds no control character."""
    screen = app.export_screenshot()
    for char in RAW:
        assert char not in screen


def notes(app: OnboardingApp) -> list[str]:
    return [str(n.message) for n in notifications(app)]


async def test_home_and_dialogs_show_a_hostile_name_as_text(tmp_path: Path) -> None:
    app, store = app_for(tmp_path)
    store.save_draft(Wizard({"client": MARKUP + ESCAPES, "entity": "china"}).state())
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        cell = str(table.get_row_at(0)[1])  # as text (cut with "…" to its column)
        assert "[red]x[/red]" in cell and printable(MARKUP + ESCAPES).startswith(
            cell.removesuffix("…"))
        detail = str(pilot.app.screen.query_one("#detail", Static).render())
        assert MARKUP in detail and "\\x1b]0;pwned" in detail
        no_raw_controls(pilot.app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MarkDialog)
        assert MARKUP in str(pilot.app.screen.query_one(".title", Static).render())
        no_raw_controls(pilot.app)
        await pilot.press("escape", "d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        no_raw_controls(pilot.app)
        await pilot.click("#yes")
        await pilot.pause()
        assert store.list() == []
        assert any(MARKUP in note and "\\x1b" in note for note in notes(pilot.app))
        no_raw_controls(pilot.app)


async def test_the_wizard_and_review_show_a_hostile_name_as_text(tmp_path: Path) -> None:
    app, store = app_for(tmp_path)
    data = china()
    data["client"] = MARKUP  # a valid client name: markup is only text
    record = store.add(data)
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.open_wizard(store.get(record.id))
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.sub_title == MARKUP
        await pilot.press("ctrl+n")  # a complete registration: on to the review
        await pilot.pause()
        for _ in range(12):
            if isinstance(pilot.app.screen, ReviewScreen):
                break
            await pilot.press("ctrl+n")
            await pilot.pause()
        review = pilot.app.screen
        answers = str(review.query_one("#review-start .review-answers", Static).render())
        assert f"Client 客户: {MARKUP}" in answers
        no_raw_controls(pilot.app)


async def test_a_typed_answer_never_holds_a_control_character(tmp_path: Path) -> None:
    app, store = app_for(tmp_path)
    store.save_draft(Wizard({"client": "Lotus" + ESCAPES}).state())
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.open_wizard(store.list()[0])
        await pilot.pause()
        client = pilot.app.screen.query_one("#in-client", Input)
        assert client.value == "Lotus]0;pwned[2J31m"  # escapes dropped, text kept
        assert pilot.app.screen.sub_title == printable("Lotus" + ESCAPES)
        client.insert_text_at_cursor("\x00\x1b[31m!")  # as a paste would
        assert client.value == "Lotus]0;pwned[2J31m[31m!"
        no_raw_controls(pilot.app)


async def _write_checklist(pilot: object, path: Path) -> None:
    await home_loaded(pilot)  # type: ignore[arg-type]
    await pilot.press("c")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(pilot.app.screen, ChecklistDialog)  # type: ignore[attr-defined]
    field = pilot.app.screen.query_one("#path", Input)  # type: ignore[attr-defined]
    field.value = str(path)
    await pilot.click("#write-file")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_checklist_dialog_asks_before_replacing_a_file(tmp_path: Path) -> None:
    app, store = app_for(tmp_path)
    store.add(china())
    out = tmp_path / "lotus.html"
    out.write_text("old")
    async with app.run_test(size=SIZE) as pilot:
        await _write_checklist(pilot, out)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "lotus.html already exists. Replace it?" in str(
            pilot.app.screen.query_one(Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert out.read_text() == "old"
        await _write_checklist(pilot, out)
        await pilot.click("#yes")
        await pilot.pause()
        await pilot.pause()
        assert out.read_text().startswith("<!DOCTYPE html>")
        assert any(f"Wrote {out}" in note for note in notes(pilot.app))


async def test_the_checklist_dialog_never_writes_through_a_link_or_over_the_store(
        tmp_path: Path) -> None:
    app, store = app_for(tmp_path, "portfolio.html")  # a store named like a checklist
    store.add(china())
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "lotus.html"
    link.symlink_to(target)
    before = (tmp_path / "portfolio.html").read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await _write_checklist(pilot, link)
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        assert any("symbolic link" in note for note in notes(pilot.app))
        await _write_checklist(pilot, tmp_path / "portfolio.html")
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        assert any("portfolio's store" in note for note in notes(pilot.app))
    assert target.read_text() == "keep me" and link.is_symlink()
    assert (tmp_path / "portfolio.html").read_bytes() == before
