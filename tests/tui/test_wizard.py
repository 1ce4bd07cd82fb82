"""The wizard's keys and focus (issue 23): Enter on an operator's last field offers another
operator, a refused step selects the first wrong answer so typing replaces it, and an answer
confirmed with Enter is in the store before the next field takes a key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from onboarding.store import Store
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.screens.wizard import WizardScreen
from tests.helpers import china
from tests.tui_driver import CHINA_STEPS, app_for, fill, home_loaded, next_step, start_new, wizard

SMALL = (80, 24)


async def test_enter_on_an_operators_last_field_offers_another(store: Store, tmp_path: Path
                                                               ) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        screen = wizard(pilot)
        assert screen.wizard.current == "operators"
        last = list(screen.query("OperatorRow"))[-1].query_one(".q-added_on", Input)
        last.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen  # not on to the review
        add = screen.query_one("#add-operator")
        assert pilot.app.focused is add
        await pilot.press("enter")  # adds one, its first field to type in
        await pilot.pause()
        rows = list(screen.query("OperatorRow"))
        assert len(rows) == 3
        assert pilot.app.focused is rows[-1].query_one(".q-name", Input)
        await pilot.press("ctrl+n")  # the way on: its errors first (an empty operator)
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_the_way_on_from_the_operators_is_ctrl_n_or_next(store: Store, tmp_path: Path
                                                                ) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        screen = wizard(pilot)
        last = list(screen.query("OperatorRow"))[-1].query_one(".q-added_on", Input)
        last.focus()
        await pilot.pause()
        await pilot.press("enter", "tab", "tab")  # past the add button: Back, then Next
        await pilot.pause()
        assert pilot.app.focused is screen.query_one("#next")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)


async def test_fields_that_need_fixing_select_the_first_so_typing_replaces_it(
        store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:2])
        assert screen.wizard.current == "email"
        await fill(pilot, {"email": "wechat.lotustea.cn"})
        await next_step(pilot)
        field = screen.query_one("#in-email", Input)
        assert pilot.app.focused is field
        await pilot.pause()
        await pilot.press(*"hi@lotus.cn")
        assert field.value == "hi@lotus.cn"


async def test_an_answer_confirmed_with_enter_is_saved_at_once(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the field being typed may be lost to a crash: Enter writes the step's answers to
    the store before focus moves on (the autosave's pause is made endless here)."""
    monkeypatch.setattr(WizardScreen, "AUTOSAVE_PAUSE", 3600.0)
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        assert screen.wizard.current == "organization"
        await fill(pilot, {"organization-name": "上海莲花茶业有限公司"})
        await pilot.press(*"XY")
        assert store.get(screen.record_id).state["answers"].get("organization") in (None, {})
        await pilot.press("enter")
        answers = store.get(screen.record_id).state["answers"]
        assert answers["organization"]["name"] == "上海莲花茶业有限公司XY"
        await pilot.press(*"Z")  # the next field: only its own typing is unsaved
        assert store.get(screen.record_id).state["answers"]["organization"].get(
            "registration_number") is None
