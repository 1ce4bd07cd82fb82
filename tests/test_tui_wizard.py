"""The wizard as a new user meets it (issue 15): clashes named as soon as a field is left,
nothing typed lost, focus always in view, one keyboard model, small screens, live help."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Static

from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.step_form import FieldBox
from tests.helpers import china
from tests.tui_driver import CHINA_STEPS, fill, next_step, start_new, until, wizard

SIZE = (100, 32)
TODAY = date(2026, 11, 25)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")


def app_for(store: Store, tmp_path: Path, **kwargs: object) -> OnboardingApp:
    return OnboardingApp(store, checklist_folder=tmp_path, **kwargs)  # type: ignore[arg-type]


def error_of(screen: object, dom: str) -> str:
    box = screen.query_one(f"#box-{dom}", FieldBox)  # type: ignore[attr-defined]
    return str(box.query_one(".field-error", Static).render()) if box.has_class("-invalid") else ""


# -- clashes --------------------------------------------------------------------------------


async def test_a_name_in_the_portfolio_is_named_on_leaving_the_field(
        store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        steps = [*CHINA_STEPS[:2], {"email": "hi@lotus.cn"}, *CHINA_STEPS[3:6]]
        screen = await start_new(pilot, steps)
        assert screen.wizard.current == "profile"
        await fill(pilot, {"profile-name": "莲花茶业LotusTea"})
        await pilot.press("tab")  # the introduction is still empty
        await pilot.pause()
        assert error_of(screen, "profile-name") == (
            "already the name of #1 Lotus Tea Shanghai: an account name must be unique on "
            "WeChat")
        assert error_of(screen, "profile-introduction") == ""  # not left yet


# -- editing a finished registration ---------------------------------------------------------


async def registered_and_half_edited(pilot: Pilot) -> None:
    """The issue's run-through: resume, on to the review, Edit on Operators, add one."""
    await pilot.pause()
    await next_step(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    pilot.app.screen.query_one("#edit-operators").press()
    await pilot.pause()
    await pilot.pause()
    pilot.app.screen.query_one("#add-operator", Button).press()
    await pilot.pause()


async def test_an_unfinished_edit_never_turns_a_registration_into_a_draft(
        store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    store.mark(reg_id, "registered", date(2026, 11, 20))
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await registered_and_half_edited(pilot)
        await pilot.press("ctrl+q")
    (row,) = store.rows(TODAY)
    assert (row.progress_text(), row.status) == ("9/9", "registered")
    assert row.next is not None and row.next.kind == "submit_verification"  # still due
    record = store.get(reg_id)
    assert len(record.answers["operators"]) == 2 and len(record.resume().answers["operators"]) == 3
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await pilot.pause()  # resume reopens the edit
        screen = wizard(pilot)
        assert screen.wizard.current == "operators" and len(screen.query("OperatorRow")) == 3
        assert "kept apart until finished" in str(screen.query_one("#progress-text").render())


async def test_an_edit_can_be_discarded(store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    before = store.get(reg_id).answers
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await registered_and_half_edited(pilot)
        await pilot.press("escape")  # saved as an edit in progress, not closed yet
        await pilot.pause()
        assert store.get(reg_id).edit is not None
        await pilot.press("r")  # resume it from the portfolio
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    record = store.get(reg_id)
    assert record.edit is None and record.answers == before


# -- nothing typed is lost ---------------------------------------------------------------------


async def test_what_is_typed_is_saved_a_moment_after_the_last_key(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saves: list[dict] = []
    save_draft = store.save_draft

    def counted(state: dict, reg_id: int | None = None) -> object:
        saves.append(state)
        return save_draft(state, reg_id)

    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        monkeypatch.setattr(store, "save_draft", counted)
        await fill(pilot, {"organization-name": "上海莲花茶业有限公司"})
        await pilot.press(*"XYZ")  # typing goes on: nothing is written on every key
        await until(pilot, lambda: bool(saves))
        record = store.get(screen.record_id)  # the app still runs: nothing quit or closed
        assert record.answers["organization"]["name"] == "上海莲花茶业有限公司XYZ"
        assert record.state["current"] == "organization"
        assert len(saves) == 1  # one save, a moment after the last key
