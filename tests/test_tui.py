"""The TUI driven as a consultant does: typing, clicking, keys (Textual pilot tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Label, Static

from onboarding.checklist.model import obligations
from onboarding.checklist.text import plain
from onboarding.store import Store
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.dialogs import ChecklistDialog
from onboarding.tui.widgets.portfolio_table import PortfolioTable as DataTable
from onboarding.wizard import Wizard
from tests.helpers import china, overseas
from tests.tui_driver import (
    CHINA_STEPS,
    OVERSEAS_STEPS,
    add_operator,
    app_for,
    error_of,
    fill,
    home_loaded,
    mark_dialog,
    next_step,
    palette_found,
    start_new,
    walk,
    wizard,
)

SIZE = (100, 32)


async def test_empty_home_tells_a_new_user_what_to_do(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        empty = pilot.app.screen.query_one("#empty", Static)
        assert empty.display
        assert "Press n to start one" in str(empty.render())


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


async def test_quit_mid_way_and_resume_at_the_same_step(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await start_new(pilot, CHINA_STEPS[:4])
        await fill(pilot, {"organization-name": "上海莲花茶业有限公司"})  # typed, not submitted
        await pilot.press("ctrl+q")
        await pilot.pause()
    (record,) = store.list()
    assert record.state["current"] == "organization"
    assert record.answers["organization"]["name"] == "上海莲花茶业有限公司"
    async with app_for(store, tmp_path, open_id=record.id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = wizard(pilot)
        assert screen.wizard.current == "organization"
        assert screen.query_one("#in-organization-name").value == "上海莲花茶业有限公司"
        assert not screen.query("#in-email")
        await fill(pilot, CHINA_STEPS[4])
        await next_step(pilot)
        assert screen.wizard.current == "authentication"
    assert store.get(record.id).state["current"] == "authentication"


async def test_review_edit_links_return_to_the_step(store: Store, tmp_path: Path) -> None:
    wiz = Wizard(china())
    wiz.submitted.update(wiz.path)
    wiz.current = wiz.path[-1]
    record = store.save_draft(wiz.state())
    async with app_for(store, tmp_path, open_id=record.id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await next_step(pilot)  # operators are done: on to the review
        assert isinstance(pilot.app.screen, ReviewScreen)
        pilot.app.screen.query_one("#edit-email").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#edit-email")
        await pilot.pause()
        await pilot.pause()
        screen = wizard(pilot)
        assert screen.wizard.current == "email"
        await fill(pilot, {"email": "hello@lotustea.cn"})
        await next_step(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        answers = pilot.app.screen.query_one("#review-email .review-answers", Static)
        assert "hello@lotustea.cn" in str(answers.render())
    assert store.get(record.id).answers["email"] == "hello@lotustea.cn"


async def test_home_sorts_by_key_and_by_header(store: Store, tmp_path: Path) -> None:
    nordlicht = store.add(overseas()).id
    store.add(china())  # Lotus Tea Shanghai, second by ID, first by client
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(DataTable)
        first = lambda: str(table.get_row_at(0)[1])  # noqa: E731
        assert first() == "Nordlicht Outdoor GmbH"
        await pilot.press("o")  # by ID -> by client
        await home_loaded(pilot)
        assert first() == "Lotus Tea Shanghai"
        assert pilot.app.screen.sub_title == "Portfolio · 2 · by client"
        await pilot.click(DataTable, offset=(2, 0))  # the ID column's header
        await home_loaded(pilot)
        assert first() == "Nordlicht Outdoor GmbH" and str(table.get_row_at(0)[0]) == str(
            nordlicht)
        assert pilot.app.screen.sub_title == "Portfolio · 2"


async def test_home_lists_filters_marks_and_deletes(store: Store, tmp_path: Path) -> None:
    store.add(china())
    data = overseas()
    data.pop("verification", None)
    store.add(data)
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("slash", *"overseas")
        await home_loaded(pilot, typed=True)
        assert table.row_count == 1
        assert pilot.app.screen.sub_title == "Portfolio · 1 of 2"
        await pilot.press("enter")  # back to the table
        await pilot.press("m")
        await pilot.pause()
        pilot.app.screen.query_one("#on").value = "2026-11-02"
        await pilot.click("#record")
        await pilot.pause()
        record = store.list()[1]
        assert record.registered_on == date(2026, 11, 2)
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert [r.client for r in store.list()] == ["Lotus Tea Shanghai"]


async def test_a_refused_mark_stays_in_the_dialog(store: Store, tmp_path: Path) -> None:
    store.add(china())  # its operators joined on 2026-11-21
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.press("enter")  # "Registered" is chosen: on to the day
        day = dialog.query_one("#on", Input)
        assert day.has_focus
        day.value = ""
        await pilot.press(*"2026-11-22", "enter")
        await pilot.pause()
        assert pilot.app.screen is dialog and day.value == "2026-11-22"
        error = dialog.query_one("#mark-error", Static)
        assert "2026-11-21 is before the account was registered (2026-11-22)" in str(error.render())
        assert error.display and error.size.height > 0  # on screen, not only in the DOM
        day.value = "2026-11-19"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        assert store.list()[0].registered_on == date(2026, 11, 19)


async def test_checklist_from_home_by_keyboard(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChecklistDialog)
        await pilot.press("down", "enter", "enter")  # Markdown, the language as it is, the file
        path = pilot.app.screen.query_one("#path", Input)
        assert path.has_focus and path.value.endswith("checklist-lotus-tea-shanghai.md")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert "# " in (tmp_path / "checklist-lotus-tea-shanghai.md").read_text()


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


async def test_escape_drops_the_filter(store: Store, tmp_path: Path) -> None:
    store.add(china())
    store.add(overseas())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(DataTable)
        await pilot.press("slash", *"lotus")
        await home_loaded(pilot, typed=True)
        assert table.row_count == 1
        await pilot.press("escape")
        await home_loaded(pilot, typed=True)
        assert table.row_count == 2 and table.has_focus


async def test_delete_can_be_cancelled(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(store.list()) == 1


async def test_command_palette_and_themes(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        theme = pilot.app.theme
        await pilot.press("f2")
        assert pilot.app.theme != theme
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_found(pilot, "New registration")
        await pilot.press("enter")
        await pilot.pause()
        assert wizard(pilot).wizard.current == "start"


async def test_small_terminal_is_usable(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, CHINA_STEPS[0])
        await next_step(pilot)
        assert wizard(pilot).wizard.current == "account_type"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert pilot.app.screen.has_class("-wide")


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


async def test_the_advisor_sets_the_account_type_and_records_why(store: Store, tmp_path: Path
                                                                 ) -> None:
    from onboarding.tui.widgets.advisor import AdvisorDialog

    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:1])
        assert screen.wizard.current == "account_type"
        assert screen.query_one("#advise").display
        await pilot.press("f3")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, AdvisorDialog)
        result = dialog.query_one("#advice-result", Static)
        assert "Recommended: Service account (服务号)" in str(result.render())
        await pilot.click("#in-advice-media")  # a media business
        await pilot.pause()
        assert "Recommended: Subscription account (订阅号)" in str(result.render())
        await pilot.click("#use-advice")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.wizard.answers["account_type"] == "subscription"
        assert screen.wizard.answers["advice"] == {"media": True, "broadcasts": "rarely",
                                                   "advanced": False}
        pressed = screen.query_one("#in-account_type").pressed_button
        assert pressed is not None and pressed.name == "subscription"
        await next_step(pilot)
        assert screen.wizard.current == "email"
        assert not screen.query_one("#advise").display  # only where there is a choice
        (record,) = store.list()
        assert record.answers["advice"]["media"] is True


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
