"""The TUI's checklist: PDF from the dialog, the file name's suffix deciding the format, and
a draft's checklist by the engine's rule (Textual pilot tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton, Static

from onboarding.checklist import pdf as pdf_module
from onboarding.store import Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.widgets.dialogs import ChecklistDialog
from onboarding.wizard import Wizard
from tests.helpers import china
from tests.tui_driver import app_for, home_loaded

SIZE = (100, 32)


def notes(app: OnboardingApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def until(pilot: object, condition: Callable[[], object], tries: int = 100) -> bool:
    """Let the app run until `condition` holds (a click's message, a worker's file), or
    give up after `tries` short pauses: a wait, not a timing assertion."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    return bool(condition())


def pressed(dialog: ChecklistDialog) -> str | None:
    return next((b.name for b in dialog.query(RadioButton) if b.value), None)


async def open_dialog(pilot: object) -> ChecklistDialog:
    await home_loaded(pilot)  # type: ignore[arg-type]
    await pilot.press("c")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    dialog = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(dialog, ChecklistDialog)
    return dialog


async def test_pdf_from_the_dialog(store: Store, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", exc_type=ImportError)
    if pdf_module.missing_glyphs("上海莲花茶业"):
        pytest.skip("no Chinese font on this machine (CI installs fonts-noto-cjk)")
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.press("down", "down", "enter")  # PDF, then on to the language (issue 23)
        assert dialog.query_one("#checklist-lang").has_focus
        await pilot.press("enter")  # English, as it was, then on to the file name
        path = dialog.query_one("#path", Input)
        assert path.has_focus and path.value.endswith("checklist-lotus-tea-shanghai.pdf")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()  # printed in a thread
        await pilot.pause()
        written = tmp_path / "checklist-lotus-tea-shanghai.pdf"
        assert written.read_bytes().startswith(b"%PDF")
        assert any(f"Wrote {written}" in note for note in notes(pilot.app))


async def test_the_file_name_decides_the_format(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        path = dialog.query_one("#path", Input)
        assert pressed(dialog) == "html"
        path.value = str(tmp_path / "lotus.pdf")  # typing a known suffix picks its format
        await pilot.pause()
        assert pressed(dialog) == "pdf"
        path.value = str(tmp_path / "lotus.md")
        await pilot.pause()
        assert pressed(dialog) == "md"
        path.value = str(tmp_path / "lotus.docx")  # a format it cannot tell: refused here
        await pilot.pause()
        await pilot.click("#write-file")
        error = dialog.query_one("#checklist-error", Static)
        assert await until(pilot, lambda: error.display)
        assert pilot.app.screen is dialog
        assert "cannot tell the format from '.docx'" in str(error.render())
        assert "pick a format above" in str(error.render()) and error.display
        assert not (tmp_path / "lotus.docx").exists()
        path.value = ""
        path.focus()
        await pilot.press("enter")  # Enter in the file name writes too
        assert await until(pilot, lambda: str(error.render()) == "give a file name")
        path.value = str(tmp_path / "lotus.docx")
        await pilot.pause()
        await pilot.click("#format-html")  # picking a format renames the file
        assert await until(pilot, lambda: path.value == str(tmp_path / "lotus.html"))
        path.focus()
        await pilot.press("enter")
        written = tmp_path / "lotus.html"
        assert await until(pilot, written.exists)
        assert written.read_text().startswith("<!DOCTYPE html>")


async def test_a_draft_gets_the_checklist_to_prepare_with(store: Store, tmp_path: Path
                                                          ) -> None:
    data = china()
    del data["admin"], data["profile"], data["operators"]
    store.save_draft(Wizard(data).state())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        assert "to prepare with" in str(dialog.query_one(".title", Static).render())
        dialog.query_one("#path", Input).value = str(tmp_path / "prepare.md")
        await pilot.pause()
        await pilot.click("#write-file")
        assert await until(pilot, (tmp_path / "prepare.md").exists)
        text = (tmp_path / "prepare.md").read_text()
        assert "To prepare: this registration is still being filled in" in text


async def test_a_draft_with_a_wrong_answer_says_what_to_fix(store: Store, tmp_path: Path
                                                            ) -> None:
    store.save_draft(Wizard({"client": "Maple Leaf", "entity": "china",
                             "email": "not an email"}).state())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ChecklistDialog)
        assert any(note.startswith("Fix first: Login email (登录邮箱): not a valid email")
                   for note in notes(pilot.app))
