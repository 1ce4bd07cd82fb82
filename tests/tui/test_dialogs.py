"""Dialogs (issue 23): the checklist dialog walks every choice with Enter, and keys typed
as a dialog closes never act on the screen beneath."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from onboarding.store import Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.dialogs import ChecklistDialog
from tests.helpers import china
from tests.tui_driver import app_for, home_loaded, next_step

SMALL = (80, 24)


async def review_and_dialog(pilot: object) -> tuple[ReviewScreen, ChecklistDialog]:
    await home_loaded(pilot)  # type: ignore[arg-type]
    await next_step(pilot)  # type: ignore[arg-type]
    review = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(review, ReviewScreen)
    await pilot.press("w")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    dialog = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(dialog, ChecklistDialog)
    return review, dialog


async def test_enter_walks_the_format_the_language_and_the_file(store: Store, tmp_path: Path
                                                                 ) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        _review, dialog = await review_and_dialog(pilot)
        await pilot.press("down", "enter")  # Markdown
        assert dialog.query_one("#checklist-lang").has_focus  # the language is not skipped
        await pilot.press("down", "enter")  # 中文
        path = dialog.query_one("#path", Input)
        assert path.has_focus and path.value.endswith(".md")
        assert dialog.chosen_language() == "zh"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    written = tmp_path / "checklist-lotus-tea-shanghai.md"
    assert "公众号" in written.read_text()


async def test_keys_typed_as_a_dialog_closes_never_reach_the_screen_beneath(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`f` typed right after Enter wrote the checklist finished the registration."""
    monkeypatch.setattr(OnboardingApp, "KEY_GUARD", 600.0)  # "right after", however slow
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        review, dialog = await review_and_dialog(pilot)
        dialog.query_one("#path", Input).focus()
        await pilot.pause()
        await pilot.press("enter", "f")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is review  # not finished by the `f`
        assert not pilot.app._exit


async def test_keys_after_the_moment_reach_the_screen(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OnboardingApp, "KEY_GUARD", 0.0)
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        review, _dialog = await review_and_dialog(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is review
        await pilot.press("v")  # the review's own key works again
        assert review.revealed
