"""The wizard as a new user meets it (issue 15): clashes named as soon as a field is left,
nothing typed lost, focus always in view, one keyboard model, small screens, live help."""

from __future__ import annotations

import typing
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch, TextArea

from onboarding.store import Store
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.field_box import Edited
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from onboarding.tui.widgets.step_form import StepForm
from tests.helpers import china, overseas
from tests.tui_driver import (
    CHINA_STEPS,
    OVERSEAS_STEPS,
    app_for,
    error_of,
    fill,
    footer_keys_fit,
    home_loaded,
    next_step,
    open_screen,
    start_new,
    until,
    wizard,
)

SIZE = (100, 32)
TODAY = date(2026, 11, 25)


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
    assert "ctrl+r" not in pilot.app.screen.active_bindings  # nothing to discard yet
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
        note = str(screen.query_one("#progress-text").render())
        assert f"an edit: #{reg_id} stays registered until it is finished" in note
        assert "ctrl+r" in screen.active_bindings  # Discard: offered while there is an edit


async def test_an_edit_can_be_discarded(store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    before = store.get(reg_id).answers
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)  # from the portfolio: Esc goes back to it (issue 23)
        await pilot.press("r")
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


# -- one keyboard model: Enter answers and moves on, everywhere ----------------------------------


def footer_keys(pilot: Pilot) -> dict[str, str]:
    """What the footer offers for the focused field: key -> description."""
    return {key: active.binding.description
            for key, active in pilot.app.screen.active_bindings.items()
            if active.binding.show}


async def test_enter_in_an_open_dropdown_picks_and_moves_on(store: Store, tmp_path: Path
                                                            ) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        assert screen.wizard.current == "organization"
        assert pilot.app.focused is screen.query_one("#in-organization-type")
        assert footer_keys(pilot)["enter"] == "Answer & next"
        await pilot.press("enter", "down", "down", "enter")  # open, the second type, pick it
        await pilot.pause()
        assert screen.wizard.answers["organization"]["type"] == "media"
        assert pilot.app.focused is screen.query_one("#in-organization-name")


async def test_a_pick_on_the_last_field_submits_the_step(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, OVERSEAS_STEPS[:3])
        assert screen.wizard.current == "region"
        await pilot.press("enter", "down", "enter")  # open the list, the first region, pick it
        await pilot.pause()
        assert screen.wizard.answers["region"] == "HK"
        assert screen.wizard.current == "organization"  # as Enter on a radio list or an input


async def test_typing_on_a_closed_dropdown_searches(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, OVERSEAS_STEPS[:3])
        await pilot.press(*"germ")
        await pilot.pause()
        region = screen.query_one("#in-region", Select)
        assert region.value == "DE" and not region.expanded
        await pilot.press("enter")  # the answer is given: Enter moves on
        await pilot.pause()
        assert screen.wizard.current == "organization"
        assert screen.wizard.answers["region"] == "DE"


async def test_enter_on_a_switch_answers_and_space_turns_it(store: Store, tmp_path: Path
                                                            ) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, OVERSEAS_STEPS[:-1])
        assert screen.wizard.current == "verification"
        switch = screen.query_one("#in-verification-requested", Switch)
        assert pilot.app.focused is switch
        await pilot.press("space")
        assert switch.value is True
        await pilot.press("enter")
        await pilot.pause()
        assert switch.value is True  # Enter did not turn it back
        assert pilot.app.focused is screen.query_one("#in-verification-registered_on")


async def test_the_review_opens_on_its_first_answer(store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await next_step(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        # the answers have the focus (issue 23: an Enter there edits nothing); Tab: step 1's Edit
        assert pilot.app.focused is review.query_one("#review")
        await pilot.press("tab")
        assert pilot.app.focused is review.query_one("#edit-start")
        assert review.query_one("#review").scroll_y == 0  # the title and first step in view


async def test_finish_says_where_the_registration_went(store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await next_step(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        said = [n.message for n in pilot.app._notifications]
        assert said[-1] == ("#1 Lotus Tea Shanghai is saved: registered. Press c for its "
                            "checklist, r to open it again.")


# -- small screens ---------------------------------------------------------------------------


async def test_a_filter_that_matches_nothing_says_so(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("slash", *"nobody")
        await home_loaded(pilot, typed=True)
        detail = str(pilot.app.screen.query_one("#detail", Static).render())
        assert "No registration matches “nobody”" in detail and "Esc clears" in detail
        await pilot.press("escape")
        await home_loaded(pilot, typed=True)
        assert "Lotus Tea Shanghai" in str(pilot.app.screen.query_one("#detail").render())


@pytest.mark.parametrize("screen_name", ["home", "wizard", "editing", "review"])
async def test_the_footer_fits_80_columns(store: Store, tmp_path: Path, screen_name: str
                                          ) -> None:
    reg_id = store.add(china()).id
    opened = {} if screen_name == "home" else {"open_id": reg_id}
    async with app_for(store, tmp_path, **opened).run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, screen_name)
        shown = {k.description for k in footer_keys_fit(pilot)}
        assert "Quit" in shown and "Light/dark" not in shown  # f2 lives in the palette


async def test_the_form_keeps_the_rows_of_a_small_screen(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])  # organization & admin: 6 fields
        area = screen.query_one("#form-area")
        assert area.size.height >= 17  # of 24: header, title, buttons, help, footer 1 each
        help_panel = screen.query_one("#help")
        assert help_panel.size.height == 1
        await pilot.press("f1")
        await pilot.pause()
        assert help_panel.size.height > 3  # all of the help, on demand
        await pilot.press("f1")
        await pilot.pause()
        assert help_panel.size.height == 1


# -- focus in view, help while typing ----------------------------------------------------------


def in_view(screen: object, widget: Widget) -> bool:
    area = screen.query_one("#form-area").region  # type: ignore[attr-defined]
    return bool(widget.region) and area.contains_region(widget.region)


async def test_a_new_operator_card_opens_in_view(store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id  # two operators already: the button is below the screen
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = wizard(pilot)
        assert screen.wizard.current == "operators"
        add = screen.query_one("#add-operator", Button)
        add.focus()
        await pilot.pause()
        assert in_view(screen, add)  # Tab onto it scrolls it into view
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        name = list(screen.query("OperatorRow"))[-1].query_one(".q-name", Input)
        assert pilot.app.focused is name
        assert in_view(screen, name)
        await pilot.press(*"Wu")
        assert name.value == "Wu"


async def test_a_blocked_next_says_how_many_fields_and_goes_to_the_first(
        store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        await fill(pilot, {"admin-id_number": "123", "admin-mobile": "139"})  # the last two
        await next_step(pilot)
        errors = str(screen.query_one("#step-errors", Static).render())
        assert errors.splitlines()[0] == "6 fields need fixing before the next step"
        first = screen.query_one("#in-organization-type")
        assert pilot.app.focused is first and in_view(screen, first)


async def test_live_counters_beside_the_name_and_introduction(store: Store, tmp_path: Path
                                                              ) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:6])
        assert screen.wizard.current == "profile"
        name_count = screen.query_one("#box-profile-name .counter", Label)
        intro_count = screen.query_one("#box-profile-introduction .counter", Label)
        assert (str(name_count.render()), str(intro_count.render())) == ("0/30", "0/120")
        await pilot.press(*"莲花Tea")  # typed: a Chinese character counts 2
        assert str(name_count.render()) == "7/30"
        await fill(pilot, {"profile-name": "莲花茶业LotusTea莲花茶业LotusTea"})
        assert str(name_count.render()) == "32/30" and name_count.has_class("-over")
        await fill(pilot, {"profile-introduction": "莲" * 37})
        assert str(intro_count.render()) == "37/120" and not intro_count.has_class("-over")


async def test_the_introduction_wraps_but_stays_one_line_of_text(store: Store, tmp_path: Path
                                                                ) -> None:
    async with app_for(store, tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:6])
        intro = screen.query_one("#in-profile-introduction", TextArea)  # the textarea hint
        await fill(pilot, {"profile-introduction": "Tea from Shanghai, "})
        intro.move_cursor(intro.document.end)
        await pilot.press(*"news, stores and members.")
        intro.insert("\nSecond line pasted\r\nand a third.\x1b[31m")  # as a paste would
        await pilot.pause()
        assert "\n" not in intro.text and "\x1b" not in intro.text
        assert intro.text.endswith("members. Second line pasted and a third.[31m")
        assert intro.size.height > 1  # long text wraps on screen
        await pilot.press("enter")  # answers and moves on: never a new line
        await pilot.pause()
        assert "\n" not in intro.text
        assert pilot.app.focused is screen.query_one("#in-profile-operating_area")


def test_every_widget_hint_has_a_widget() -> None:
    import forms
    from onboarding.tui.widgets.field_box import WIDGETS

    def hints(model: type) -> set[str]:
        found = set()
        for info in model.model_fields.values():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            found.add(str(extra.get("widget", "text")))
            for arg in [info.annotation, *typing.get_args(info.annotation)]:
                for inner in [arg, *typing.get_args(arg)]:
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        found |= hints(inner)
        return found

    used = set().union(*(hints(v) for v in forms.VARIANTS.values()))
    assert used <= WIDGETS, used - WIDGETS
    assert {"textarea", "phone", "switch", "region"} <= used


async def test_the_review_masks_personal_numbers_until_asked(store: Store, tmp_path: Path
                                                             ) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await next_step(pilot)
        admin = pilot.app.screen.query_one("#review-organization .review-answers", Static)
        text = str(admin.render())
        assert "310104199001011233" not in text and "310**************3" in text
        assert "+86 *** **** 5678" in text
        await pilot.press("v")
        text = str(admin.render())
        assert "310104199001011233" in text and "+86 139 1234 5678" in text


async def test_enter_moves_on_at_once_however_busy_the_screen_is(
        store: Store, tmp_path: Path) -> None:
    """Keys typed right after Enter go to the field that has focus when they are read: Enter
    moves focus there itself, not after the screen has caught up with the typing before."""
    async with app_for(store, tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        id_number = screen.query_one("#in-admin-id_number", Input)
        id_number.focus()
        await pilot.pause()
        await pilot.press(*"310104199001011233")
        for _ in range(20):  # the screen is behind: its queue is full of typing to check
            screen.post_message(Edited(None))
        assert screen.active_bindings["enter"].binding.action == "answer"
        id_number.action_answer()  # what Enter runs, in the field's own turn
        assert screen.focused is screen.query_one("#in-admin-mobile")  # before any queue
        await pilot.press(*"13912345678")
        await pilot.pause()
        assert id_number.value == "310104199001011233"
        assert screen.query_one("#in-admin-mobile", Input).value == "13912345678"


async def test_back_on_the_portfolio_the_cursor_is_on_the_registration(
        store: Store, tmp_path: Path) -> None:
    store.add(china())
    second = store.add(overseas()).id
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("down", "r")  # open the second
        await pilot.pause()
        await pilot.press("escape")  # and close it again
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        assert table.selected().id == second  # type: ignore[union-attr]
        await pilot.press("n")  # a new one, closed at once once it has a name
        await pilot.pause()
        await fill(pilot, {"client": "Third Co"})
        await pilot.press("escape")
        await home_loaded(pilot)
        assert table.selected().client == "Third Co"  # type: ignore[union-attr]


async def test_a_removed_operator_comes_back_with_ctrl_z(store: Store, tmp_path: Path) -> None:
    """Remove asks nothing, so nothing typed is lost by it: ctrl+z puts the card back, in
    its place, with its answers."""
    reg_id = store.add(china()).id  # two operators
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = wizard(pilot)
        form = screen.query_one(StepForm)
        before = form.values()["operators"]
        first = screen.query("OperatorRow").first().query_one(".remove-operator", Button)
        first.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(first)
        await pilot.pause()
        assert form.values()["operators"] == before[1:]
        assert any("ctrl+z" in str(n.message) for n in pilot.app._notifications)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert form.values()["operators"] == before
        titles = [str(label.render()) for label in screen.query(".operator-title")]
        assert titles == ["Operator 1", "Operator 2"]
        await pilot.press("ctrl+z")  # nothing more to put back: no change
        await pilot.pause()
        assert form.values()["operators"] == before
