"""The wizard: each step's fields, keys, errors, the sidebar and the path as a consultant walks it
(Textual pilot tests)."""

from __future__ import annotations

import re
import typing
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Label, ListView, Select, Static, Switch, TextArea

from forms.controls import printable
from onboarding.checklist.model import obligations
from onboarding.checklist.text import plain
from onboarding.store import InvalidRegistration, Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.compat import notifications
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.screens.wizard import WizardScreen
from onboarding.tui.widgets.checklist_dialog import ChecklistDialog
from onboarding.tui.widgets.field_box import Edited, FieldBox
from onboarding.tui.widgets.portfolio_table import PortfolioTable as DataTable
from onboarding.tui.widgets.step_form import StepForm
from onboarding.tui.words import step_help
from onboarding.wizard import Wizard
from tests.helpers import china, overseas
from tests.tui_driver import (
    CHINA_STEPS,
    ESCAPES,
    MARKUP,
    OVERSEAS_STEPS,
    add_operator,
    answers_of,
    app_for,
    error_of,
    fill,
    footer_clipped,
    footer_keys_fit,
    home_loaded,
    hostile_app,
    next_step,
    no_raw_controls,
    notes,
    open_screen,
    start_new,
    until,
    walk,
    wizard,
)

SIZE = (100, 32)
SMALL = (80, 24)
TODAY = date(2026, 11, 25)


def marked_without_a_verification_date(store: Store) -> int:
    """#1 of the run-through: WeChat Verification, its date not answered, marked registered."""
    data = china()
    del data["verification"]["registered_on"]
    reg_id = store.add(data).id
    store.mark(reg_id, "registered", date(2026, 11, 20))
    return reg_id


async def edit_verification(pilot: Pilot) -> None:
    """`resume`, ctrl+n to the review, Edit on Verification."""
    await pilot.pause()
    await next_step(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    pilot.app.screen.query_one("#edit-verification").press()
    await pilot.pause()
    await pilot.pause()




async def every_field_fits(pilot: Pilot, where: str) -> None:
    screen = wizard(pilot)
    kinds: set[type] = set()
    for widget in [w for w in screen.focus_chain if w.has_class("answer")]:
        if type(widget) in kinds:
            continue
        kinds.add(type(widget))
        widget.focus()
        await pilot.pause()
        assert footer_clipped(pilot) == [], (where, type(widget).__name__)
        if isinstance(widget, Switch):  # Space is said beside it instead
            assert widget.parent is not None
            assert str(widget.parent.query_one(".switch-hint", Label).render()) == (
                "Space: yes or no")






def text(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


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


def footer_keys(pilot: Pilot) -> dict[str, str]:
    """What the footer offers for the focused field: key -> description."""
    return {key: active.binding.description
            for key, active in pilot.app.screen.active_bindings.items()
            if active.binding.show}


def in_view(screen: object, widget: Widget) -> bool:
    area = screen.query_one("#form-area").region  # type: ignore[attr-defined]
    return bool(widget.region) and area.contains_region(widget.region)


async def test_whole_china_registration_with_verification_and_operators(
    store: Store, tmp_path: Path
) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        seen = await walk(pilot, CHINA_STEPS[:4])
        await fill(pilot, CHINA_STEPS[4], typed=True)  # the IDs and the mobile, key by key
        await next_step(pilot)
        for answers in CHINA_STEPS[5:]:
            seen.append(wizard(pilot).wizard.current)
            await fill(pilot, answers)
            await next_step(pilot)
        seen.insert(4, "organization")
        assert wizard(pilot).wizard.current == "operators"
        await add_operator(pilot, "Anna Schmidt", "anna_schmidt88", "long", "2026-11-21")
        await add_operator(pilot, "Li Wei", "liwei-shop", "short", "2026-11-21")
        await next_step(pilot)
        assert seen == ["start", "account_type", "email", "region", "organization",
                        "authentication", "profile", "verification"]
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        watch = str(review.query_one("#review-watch", Static).render())
        assert "Complete WeChat Verification (微信认证): 2026-12-20" in watch
        assert "300 RMB per application" in watch
        reg = review.wizard.result().registration
        said = obligations(reg, *review.wizard_screen.record_dates)  # as the checklist says
        assert [plain(fee) for fee in said.fees] == [
            line.removeprefix("• ") for line in watch.splitlines() if "300 RMB" in line]
        assert all(d.title in watch for d in said.dates)
        (record,) = store.list()
        assert record.progress() == (9, 9) and not record.is_draft
        assert record.answers["operators"][1]["term"] == "short"
        await pilot.press("w")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChecklistDialog)
        await pilot.click("#write-file")
        await pilot.pause()
        await pilot.pause()
        written = tmp_path / "checklist-lotus-tea.html"
        assert written.is_file()
        page = written.read_text()  # registered in the wizard: what is still to do
        assert "Lotus Tea" in page and "Still to do" in page
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        table = pilot.app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)][:5] == ["1", "Lotus Tea", "China", "9/9",
                                                              "registered"]  # 2026-11-20


async def test_whole_overseas_registration(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        seen = await walk(pilot, OVERSEAS_STEPS)
        await add_operator(pilot, "Mia Chen", "miachen_de", "long", "2026-11-24")
        await next_step(pilot)
        assert seen == ["start", "account_type", "email", "region", "organization", "profile",
                        "verification"]
        assert isinstance(pilot.app.screen, ReviewScreen)
        watch = str(pilot.app.screen.query_one("#review-watch", Static).render())
        assert "US$99 per application" in watch
        (record,) = store.list()
        assert record.flow == "overseas" and record.registration() is not None


async def test_wrong_value_shows_its_error_and_blocks_the_step(store: Store, tmp_path: Path
                                                              ) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await start_new(pilot, CHINA_STEPS[:2])
        await fill(pilot, {"email": "not-an-email"})
        await pilot.press("tab")  # leaving the field shows the error at once
        await pilot.pause()
        screen = wizard(pilot)
        assert "not a valid email address" in error_of(screen, "email")
        await next_step(pilot)
        assert screen.wizard.current == "email"
        await fill(pilot, {"email": "wechat@lotustea.cn"}, typed=True)
        assert error_of(screen, "email") == ""  # fixed: the error goes as you type
        await next_step(pilot)
        assert screen.wizard.current == "region"


async def test_china_admin_needs_a_mainland_mobile(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await start_new(pilot, CHINA_STEPS[:4])
        await fill(pilot, CHINA_STEPS[4] | {"admin-mobile": "+44 7400 123456"})
        await next_step(pilot)
        screen = wizard(pilot)
        assert screen.wizard.current == "organization"
        assert "+86" in error_of(screen, "admin-mobile")


async def test_email_used_in_the_portfolio_is_an_error(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await start_new(pilot, CHINA_STEPS[:2])
        await fill(pilot, {"email": "wechat@lotustea.cn"})
        await next_step(pilot)
        screen = wizard(pilot)
        assert screen.wizard.current == "email"
        assert error_of(screen, "email").startswith(
            "already used by #1 Lotus Tea Shanghai: one email")


async def test_back_and_a_path_change_keep_relevant_answers(store: Store, tmp_path: Path
                                                            ) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await start_new(pilot, CHINA_STEPS[:6])
        screen = wizard(pilot)
        assert screen.wizard.current == "profile"
        assert screen.query_one("#step-verification").has_class("-ahead")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.wizard.current == "authentication"
        await fill(pilot, {"authentication": "bank_transfer"})
        assert screen.query_one("#step-verification").has_class("-ahead")  # "verify later?"
        await next_step(pilot)
        assert screen.wizard.current == "profile"
        assert screen.wizard.path[-3:] == ["profile", "verification", "operators"]
        assert screen.wizard.answers["email"] == "wechat@lotustea.cn"
        assert screen.wizard.answers["admin"]["name"] == "王芳"


async def test_sidebar_jumps_to_a_done_step_only(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await start_new(pilot, CHINA_STEPS[:3])
        screen = wizard(pilot)
        await pilot.click("#step-account_type")
        await pilot.pause()
        assert screen.wizard.current == "account_type"
        await pilot.click("#step-profile")
        await pilot.pause()
        assert screen.wizard.current == "account_type"


async def test_a_switch_says_which_way_it_is_set(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, OVERSEAS_STEPS[:-1])
        assert screen.wizard.current == "verification"
        state = screen.query_one(".switch-state", Label)
        assert str(state.render()).startswith("No")
        await fill(pilot, OVERSEAS_STEPS[-1])
        assert str(state.render()).startswith("Yes")


async def test_progress_bar_fits_the_sidebar(store: Store, tmp_path: Path) -> None:
    """A bar wider than the sidebar is clipped and reads full long before the end."""
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:1])
        await pilot.pause()
        sidebar = screen.query_one("StepList")
        assert screen.query_one("#progress").outer_size.width <= sidebar.content_size.width


async def test_keyboard_only_enter_picks_choices_and_moves_on(store: Store, tmp_path: Path
                                                              ) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = wizard(pilot)
        await pilot.press(*"Nordlicht", "enter")  # Input: on to the entity radio
        await pilot.pause()
        await pilot.press("down", "enter")  # highlight overseas, pick it: the last field
        await pilot.pause()
        assert screen.wizard.answers["entity"] == "overseas"
        assert screen.wizard.current == "account_type"
        await pilot.press("enter", *"wechat@nordlicht.de", "enter")
        await pilot.pause()
        assert screen.wizard.current == "region"
        await pilot.press("enter", "down", "enter")  # open the list, first region, pick it
        await pilot.pause()
        await pilot.pause()
        assert screen.wizard.answers["region"]
        assert screen.wizard.current == "organization"  # a pick on the last field: Next


async def test_saved_choice_is_highlighted_when_a_step_is_revisited(store: Store, tmp_path: Path
                                                                    ) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, OVERSEAS_STEPS[:2])
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.wizard.current == "start"
        await pilot.pause()
        overseas = screen.query_one("#in-entity").query("RadioButton").last()
        assert overseas.has_class("-selected")


async def test_step_count_follows_a_path_change_on_the_same_step(
    store: Store, tmp_path: Path, guarded_verification: str
) -> None:
    """The verification step behind a guard (written for the test): the count follows the
    answer."""
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:5])
        assert screen.wizard.current == "authentication"
        title = screen.query_one("#step-title", Static)
        assert "Step 6 of 8" in str(title.render())
        await fill(pilot, {"authentication": "wechat_verification"})
        assert "Step 6 of 9" in str(title.render())


async def test_no_advisor_for_an_overseas_entity(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, OVERSEAS_STEPS[:1])
        assert screen.wizard.current == "account_type"
        assert not screen.query_one("#advise").display
        await pilot.press("f3")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert "nothing to choose" in str(screen.query_one("#help", Static).render())


async def test_china_verification_step_asks_to_verify_later(store: Store, tmp_path: Path
                                                            ) -> None:
    steps = [*CHINA_STEPS[:5], {"authentication": "bank_transfer"}, CHINA_STEPS[6]]
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, steps)
        assert screen.wizard.current == "verification"
        assert screen.query("#in-verification-requested")  # "request it later?"
        await fill(pilot, {"verification-requested": True})
        await next_step(pilot)
        assert screen.wizard.registration_answers()["verification"]["requested"] is True
        assert screen.wizard.go_to("authentication")
        await screen.show_step()
        await fill(pilot, {"authentication": "wechat_verification"})
        await next_step(pilot)
        await screen.go_to("verification")
        assert screen.wizard.current == "verification"
        assert not screen.query("#in-verification-requested")  # settled by the method


async def test_the_marked_registration_date_shows_on_the_verification_step(
        store: Store, tmp_path: Path) -> None:
    reg_id = marked_without_a_verification_date(store)
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await pilot.pause()
        await next_step(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        answers = str(review.query_one("#review-verification .review-answers").render())
        assert "Registered on 注册日期: 2026-11-20" in answers
        review.query_one("#edit-verification").press()
        await pilot.pause()
        await pilot.pause()
        field = wizard(pilot).query_one("#in-verification-registered_on", Input)
        assert field.value == "2026-11-20"


async def test_a_date_that_contradicts_the_mark_is_said_beside_it_once_and_kept(
        store: Store, tmp_path: Path) -> None:
    reg_id = marked_without_a_verification_date(store)
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await edit_verification(pilot)
        screen = wizard(pilot)
        assert screen.wizard.current == "verification"
        field = screen.query_one("#in-verification-registered_on", Input)
        assert pilot.app.focused is field
        await pilot.press("ctrl+u", *"2026-11-21", "ctrl+n")  # at once: no autosave yet
        await pilot.pause()
        assert pilot.app.screen is screen and screen.wizard.current == "verification"
        assert error_of(screen, "verification-registered_on") == (
            "the account is marked registered on 2026-11-20: give the same date here, or mark "
            "it registered on the new date first")
        assert not any("Not saved" in n for n in notes(pilot.app))  # no toast: beside the field
        await pilot.press("ctrl+q")
    record = store.get(reg_id)
    assert record.resume().answers["verification"]["registered_on"] == "2026-11-21"
    assert record.answers["lifecycle"]["registered_on"] == "2026-11-20"  # the fact stays
    assert record.registered_on == date(2026, 11, 20)


async def test_a_refused_save_as_complete_keeps_the_edit(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule only the store sees at the moment of saving (another writer was faster): the
    step's answers are kept as an edit in progress, said once."""
    from forms.issues import Issue

    reg_id = marked_without_a_verification_date(store)
    save_draft = store.save_draft

    def refused_when_complete(state: dict, reg_id: int | None = None) -> object:
        if "profile" in state["submitted"] and state["answers"]["profile"]["name"] == "Taken":
            raise InvalidRegistration([Issue("profile.name", "already the name of #9 Other")])
        return save_draft(state, reg_id)

    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await pilot.pause()
        await next_step(pilot)
        pilot.app.screen.query_one("#edit-profile").press()
        await pilot.pause()
        await pilot.pause()
        screen = wizard(pilot)
        monkeypatch.setattr(store, "save_draft", refused_when_complete)
        field = screen.query_one("#in-profile-name", Input)
        field.focus()
        await pilot.pause()
        await pilot.press("ctrl+u", *"Taken", "ctrl+n")
        await pilot.pause()
        await pilot.pause(screen.AUTOSAVE_PAUSE + 0.2)  # no second toast from the autosave
        refused = [n for n in notes(pilot.app) if "#9 Other" in n]
        assert len(refused) == 1, notes(pilot.app)
        await pilot.press("ctrl+q")
    record = store.get(reg_id)
    assert record.resume().answers["profile"]["name"] == "Taken"
    assert record.answers["profile"]["name"] != "Taken" and not record.is_draft


async def test_everything_focusable_in_the_wizard_shows_it_and_enter_there_keeps_the_answers(
        store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = wizard(pilot)
        assert screen.wizard.current == "operators"
        first = screen.query_one("OperatorRow .q-name", Input)
        assert pilot.app.focused is first and first.selection.is_empty  # cursor at the end
        await pilot.press("X")
        assert first.value == "Anna SchmidtX"
        await pilot.press("backspace")
        chain = screen.focus_chain
        assert screen.query_one("#form-area") not in chain  # a focus nobody could see
        steps = screen.query_one("#step-items", ListView)
        steps.focus()
        await pilot.pause()
        item = steps.highlighted_child
        assert item is not None and item.name == "operators"
        assert item.styles.background.a > 0  # the highlighted step is seen
        form = screen.form
        await pilot.press("enter")  # the step on screen: the form stays as typed, focus on it
        await pilot.pause()
        assert screen.form is form and pilot.app.focused is first
        await pilot.press("Y")
        assert first.value == "Anna SchmidtY"


@pytest.mark.parametrize("entity", ["china", "overseas"])
@pytest.mark.parametrize("editing", [False, True], ids=["new", "edit"])
async def test_every_key_of_every_step_fits_80_columns(
        store: Store, tmp_path: Path, entity: str, editing: bool) -> None:
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        if editing:  # a registered account, its client's name being edited
            reg_id = store.add(china() if entity == "china" else overseas()).id
            store.mark(reg_id, "registered", date(2026, 11, 20))
            await home_loaded(pilot)
            pilot.app.open_wizard(store.get(reg_id))
            await pilot.pause()
            screen = wizard(pilot)
            await screen.go_to("start")
            await pilot.pause()
            await pilot.press("end", "X")
            await pilot.pause(screen.AUTOSAVE_PAUSE + 0.1)
            assert "ctrl+r" in screen.active_bindings
        else:
            steps = CHINA_STEPS if entity == "china" else OVERSEAS_STEPS
            screen = await start_new(pilot, steps)
        for step in screen.wizard.path:
            if not screen.wizard.can_go_to(step):
                continue  # not reachable yet
            await screen.go_to(step)
            await pilot.pause()
            await every_field_fits(pilot, step)


async def test_a_resumed_step_shows_the_errors_of_its_saved_answers(
        store: Store, tmp_path: Path) -> None:
    from onboarding.wizard import Wizard

    engine = Wizard()
    for answers in answers_of(CHINA_STEPS[:6]):
        assert engine.submit(answers) == []
    assert engine.current == "profile"
    engine.update({"profile": {"name": "莲花茶业LotusTea", "introduction": "茶" * 127}})
    reg_id = store.save_draft(engine.state()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = wizard(pilot)
        assert screen.wizard.current == "profile"
        assert "120" in error_of(screen, "profile-introduction")  # too long, said at once
        assert error_of(screen, "profile-operating_area") == ""  # not answered yet: not wrong


async def test_the_organization_warning_shows_on_leaving_the_field(
        store: Store, tmp_path: Path) -> None:
    from tests.helpers import china_account

    for n in (1, 2):  # an enterprise's limit: two accounts already
        store.add(china_account(n, admin=n))
    async with app_for(store, tmp_path).run_test(size=(100, 40)) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        assert screen.wizard.current == "organization"
        code = CHINA_STEPS[4]["organization-registration_number"]
        assert code == china()["organization"]["registration_number"]
        await fill(pilot, {k: v for k, v in CHINA_STEPS[4].items() if k.startswith("org")})
        field = screen.query_one("#in-organization-registration_number", Input)
        field.focus()
        await pilot.pause()
        await pilot.press("tab")  # left
        await pilot.pause()
        box = screen.query_one("#box-organization-registration_number", FieldBox)
        said = str(box.query_one(".field-error", Static).render())
        assert "this organization already has 2 Official Accounts" in said
        assert box.query_one(".field-error").display and not box.has_class("-invalid")
        assert not [i for i in screen.wizard.check("organization")  # told, never blocking
                    if i.path.startswith("organization")]


async def test_the_wizard_and_review_show_a_hostile_name_as_text(tmp_path: Path) -> None:
    app, store = hostile_app(tmp_path)
    data = china()
    data["client"] = MARKUP  # a valid client name: markup is only text
    record = store.add(data)
    async with app.run_test(size=(120, 40)) as pilot:
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
    app, store = hostile_app(tmp_path)
    store.save_draft(Wizard({"client": "Lotus" + ESCAPES}).state())
    async with app.run_test(size=(120, 40)) as pilot:
        pilot.app.open_wizard(store.list()[0])
        await pilot.pause()
        client = pilot.app.screen.query_one("#in-client", Input)
        assert client.value == "Lotus]0;pwned[2J31m"  # escapes dropped, text kept
        assert pilot.app.screen.sub_title == printable("Lotus" + ESCAPES)
        client.insert_text_at_cursor("\x00\x1b[31m!")  # as a paste would
        assert client.value == "Lotus]0;pwned[2J31m[31m!"
        no_raw_controls(pilot.app)


@pytest.mark.usefixtures("existing_key")
async def test_chinese_typed_or_pasted_keeps_the_cursor_after_it(store: Store, tmp_path: Path
                                                                 ) -> None:
    """A Chinese character is two cells wide: the cursor (and the terminal's, where an input
    method draws) lands after what is typed or pasted, not inside it."""
    from textual import events

    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        client = wizard(pilot).query_one("#in-client", Input)
        assert client.has_focus
        start = client.cursor_screen_offset.x
        await pilot.press(*"莲花")
        await pilot.pause()
        assert client.value == "莲花" and client.cursor_position == 2
        assert client.cursor_screen_offset.x == start + 4
        client.post_message(events.Paste("茶业 Lotus"))
        await pilot.pause()
        assert client.value == "莲花茶业 Lotus"
        assert client.cursor_screen_offset.x == start + 8 + 1 + 5
        assert pilot.app.cursor_position == client.cursor_screen_offset


@pytest.mark.usefixtures("existing_key")
async def test_a_dropdown_in_chinese_finds_by_either_language(store: Store, tmp_path: Path
                                                              ) -> None:
    """Its options say the backend's Chinese alone; typing English still finds them."""
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        dropdown = screen.query_one("#in-organization-type")
        assert ("企业", "enterprise") in dropdown.choices  # type: ignore[attr-defined]
        assert dropdown.best_match("enterp") == "enterprise"  # type: ignore[attr-defined]
        assert dropdown.best_match("企业") == "enterprise"  # type: ignore[attr-defined]


@pytest.mark.usefixtures("existing_key")
async def test_the_help_panel_shows_all_of_a_chinese_text_at_80_columns(store: Store,
                                                                          tmp_path: Path) -> None:
    """f1 opens the help of a narrow screen; a Chinese sentence has no spaces to wrap at,
    so it must be folded, never cut short with an ellipsis."""
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:1])
        await pilot.press("f1")
        await pilot.pause()
        panel = screen.query_one("#help", Static)
        lines = panel.render_lines(panel.outer_size.region)  # the border and what it holds
        shown = re.sub(r"[\s│─╭╮╰╯]", "", "".join(strip.text for strip in lines))
        said = "".join(str(panel.render()).split())
        assert "…" not in shown
        assert said[-12:] in shown and said[:12] in shown, (said, shown)


CLOSING = "，。；：、）"  # never at the start of a line of Chinese


@pytest.mark.usefixtures("existing_key")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["narrow", "wide"])
@pytest.mark.parametrize("answered", [1, 5], ids=["account_type", "authentication"])
async def test_no_line_of_chinese_help_starts_with_closing_punctuation(
        store: Store, tmp_path: Path, size: tuple[int, int], answered: int) -> None:
    """A Chinese sentence has no spaces, so Textual folds it at any character: a line of
    the help began with '；' or '）。'. Lines break between characters, never before closing
    punctuation (nor after opening), and nothing of the help is lost."""
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=size) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:answered])
        if size == (80, 24):
            await pilot.press("f1")  # all of the help, folded in the width of the screen
            await pilot.pause()
        panel = screen.query_one("#help", Static)
        lines = [strip.text.strip("│ ") for strip in
                 panel.render_lines(panel.outer_size.region)[1:-1]]  # inside the border
        said = step_help(screen.wizard.current, screen.wizard.entity)
        assert "".join("".join(lines).split()) == "".join(said.split()), lines
        starts = [line for line in lines if line and line[0] in CLOSING]
        assert not starts, lines


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


@pytest.mark.parametrize("screen_name", ["home", "wizard", "editing", "review"])
async def test_the_footer_fits_80_columns(store: Store, tmp_path: Path, screen_name: str
                                          ) -> None:
    reg_id = store.add(china()).id
    opened = {} if screen_name == "home" else {"open_id": reg_id}
    async with app_for(store, tmp_path, **opened).run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, screen_name)
        shown = {k.description for k in await footer_keys_fit(pilot)}
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
        assert any("ctrl+z" in str(n.message) for n in notifications(pilot.app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert form.values()["operators"] == before
        titles = [str(label.render()) for label in screen.query(".operator-title")]
        assert titles == ["Operator 1", "Operator 2"]
        await pilot.press("ctrl+z")  # nothing more to put back: no change
        await pilot.pause()
        assert form.values()["operators"] == before


# issue 23's keys and focus (merged from the tui-keys branch)

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


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("steps", [4, 6], ids=["organization-admin", "profile"])
async def test_every_label_is_whole_at_80x24(store: Store, tmp_path: Path, lang: str,
                                             steps: int) -> None:
    """Issue 23: at 80x24 an English label cut the Chinese term beside it ('Administrator's
    resident ID  管理员身份证号' lost 码): a label wraps rather than lose its end (a counted
    one too, beside its count)."""
    from forms.words import naming
    from onboarding.tui.words import say
    from tests.tui_driver import screen_lines

    async with app_for(store, tmp_path, lang=lang).run_test(size=SMALL) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:steps])
        for _path, box in screen.form.boxes():
            box.scroll_visible(animate=False, top=True)
            await pilot.pause()
            shown = re.sub(r"\s", "", "".join(screen_lines(pilot.app)))
            meta = box.question.meta
            for words in naming(meta.en, meta.zh, say):
                assert re.sub(r"\s", "", words) in shown, (words, screen_lines(pilot.app))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("editing", [False, True], ids=["new", "editing"])
async def test_the_account_type_step_says_f3_in_its_footer(store: Store, tmp_path: Path,
                                                           lang: str, editing: bool) -> None:
    """Issue 23: the account-type step's footer did not show f3 (the advisor), whose button
    is beside Back and Next: every key of the wizard is said at 80 columns (f1 is its help),
    in the footer, or, for a finished registration's edit, ctrl+r beside the edit it
    discards (the sidebar's line; with f3 the footer is full in English)."""
    opened = {"open_id": store.add(china()).id} if editing else {}
    async with app_for(store, tmp_path, lang=lang, **opened).run_test(size=SMALL) as pilot:
        if editing:
            await open_screen(pilot, "editing")
        else:
            await start_new(pilot, CHINA_STEPS[:1])
        assert wizard(pilot).wizard.current == "account_type"
        keys = {k.key for k in await footer_keys_fit(pilot, lambda said: "f3" in said)}
        assert {"f3", "f1", "ctrl+n", "ctrl+b", "escape", "ctrl+q"} <= keys, keys
        sidebar = str(wizard(pilot).query_one("#progress-text", Label).render())
        assert ("ctrl+r" in sidebar) is editing, sidebar
        await start_new(pilot, CHINA_STEPS[:2])  # the next step: no advisor, no f3
        await footer_keys_fit(pilot, lambda said: "f3" not in said)
