"""What a tmux run-through of the TUI found after issue 15 (Textual pilot tests): nothing typed
is lost, focus is always seen, dialogs land on their primary action and show their own keys,
every key fits at 80 columns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Label, ListView, Static, Switch
from textual.widgets._footer import FooterKey

from onboarding.store import InvalidRegistration, Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.field_box import FieldBox
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from tests.helpers import china, overseas
from tests.tui_driver import (
    CHINA_STEPS,
    OVERSEAS_STEPS,
    answers_of,
    app_for,
    error_of,
    fill,
    home_loaded,
    next_step,
    start_new,
    until,
    wizard,
)

SMALL = (80, 24)


def notes(app: OnboardingApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


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


# -- A: the marked date is the verification step's; nothing typed is lost ---------------------


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


# -- B: focus is seen, and typing never replaces an answer ---------------------------------------


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


# -- C: the advisor's Enter lands on its primary action -------------------------------------------


async def test_enter_through_the_advisor_lands_on_use_this_type(store: Store, tmp_path: Path
                                                                ) -> None:
    from onboarding.tui.widgets.advisor import AdvisorDialog

    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:1])
        assert screen.wizard.current == "account_type"
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AdvisorDialog)
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert pilot.app.focused is pilot.app.screen.query_one("#use-advice")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen and screen.wizard.answers["advice"]


# -- D: every key of every step fits 80 columns -------------------------------------------------


def footer_clipped(pilot: Pilot) -> list[str]:
    """The footer's keys that do not end before the palette's key (cut off at 80 columns)."""
    footer = pilot.app.screen.query_one(Footer)
    keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
    palette = footer.query(".-command-palette")
    end = palette.first().region.x if palette else footer.region.right
    return [f"{k.key_display} {k.description}" for k in keys if not 0 < k.region.right <= end]


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


async def test_the_next_deadline_fits_the_home_table_at_80_columns(
        store: Store, tmp_path: Path) -> None:
    data = china()
    data["operators"] = []
    reg_id = store.add(data).id
    store.mark(reg_id, "registered", date(2026, 11, 25))
    store.mark(reg_id, "verified", date(2026, 11, 25))  # the next: a renewal, a year away
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        row = "".join(segment.text for segment in table.render_line(1))
        assert row.rstrip().endswith("2027-08-25 (in 273 days)"), row
        assert "Lotus Tea" in row  # the client's name gives way, not the deadline
        assert "Lotus Tea Sh…" in row, row  # and says it is cut (a word-wrapped name did not)


# -- E: a resumed step shows what is wrong in it at once ----------------------------------------


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


# -- F: the history opens at its top ---------------------------------------------------------------


async def test_the_history_opens_at_the_top_at_80x24(store: Store, tmp_path: Path) -> None:
    from onboarding.tui.widgets.dialogs import HistoryDialog

    reg_id = store.add(china()).id
    for day in (16, 17, 18, 19, 20):  # a long trail
        store.mark(reg_id, "registered", date(2026, 11, day))
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        await pilot.press("h")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, HistoryDialog)
        screen_area = dialog.region
        for widget in (dialog.query_one(".title"), dialog.query(".history-line").first(),
                       dialog.query_one(".cancel")):
            assert screen_area.contains_region(widget.region), widget


# -- G: a dialog's footer shows the dialog's keys ------------------------------------------------


def footer_descriptions(pilot: Pilot) -> set[str]:
    footer = pilot.app.screen.query_one(Footer)
    return {k.description for k in footer.query(FooterKey)}


async def test_a_dialog_shows_its_own_keys(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        assert "New" in footer_descriptions(pilot)
        await pilot.press("h")
        await pilot.pause()
        shown = footer_descriptions(pilot)
        assert "Cancel" in shown and "New" not in shown
        assert footer_clipped(pilot) == []


# -- H: sorting can be found -------------------------------------------------------------------


async def test_sorting_is_in_the_palette(store: Store, tmp_path: Path) -> None:
    from onboarding.tui.screens.home import HomeScreen

    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        commands = {c.title: c for c in pilot.app.get_system_commands(home)}
        sort = next(c for title, c in commands.items() if title.startswith("Sort"))
        before = home.order
        sort.callback()
        await pilot.pause()
        assert home.order != before
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "| `o` |" in readme or "`o` sorts" in readme


# -- K: a PDF that cannot be made leaves the dialog as it was ------------------------------------


async def test_a_pdf_failure_keeps_the_checklist_dialog_and_its_choices(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import onboarding.checklist
    from onboarding.checklist.pdf import PdfError
    from onboarding.tui.widgets.dialogs import ChecklistDialog

    def no_pdf(checklist: object, fmt: str) -> str:
        raise PdfError("PDF needs WeasyPrint: pip install 'wechat-onboarding[pdf]'")

    monkeypatch.setattr(onboarding.checklist, "render", no_pdf)
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "down", "enter", "enter")  # PDF, the language, the file
        path = pilot.app.screen.query_one("#path", Input)
        path.value = str(tmp_path / "for-the-client.pdf")
        await pilot.press("enter")
        # the writer waits on the dialog opened again: wait for that dialog, not the worker
        await until(pilot, lambda: isinstance(pilot.app.screen, ChecklistDialog)
                    and bool(pilot.app.screen.error))
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChecklistDialog)
        assert dialog.query_one("#path", Input).value == str(tmp_path / "for-the-client.pdf")
        chosen = [b.name for b in dialog.query("#format RadioButton")
                  if b.value]  # type: ignore[attr-defined]
        assert chosen == ["pdf"]
        error = dialog.query_one("#checklist-error", Static)
        assert "wechat-onboarding[pdf]" in str(error.render()) and error.display


# -- J: the organization's account count is said on leaving its field ------------------------------


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


async def test_the_id_column_fits_the_largest_id_not_the_number_of_rows(
        store: Store, tmp_path: Path) -> None:
    """Filtered to one row of a large portfolio, #77778 showed as "777": the column was as
    wide as the row count."""
    from datetime import UTC, datetime

    from onboarding.store.tables import AUDIT

    with store.db.write() as conn:  # an agency's history: IDs up to 99,998 were given
        conn.execute(AUDIT.insert().values(at=datetime.now(UTC), who="x", via="x",
                                           action="import", registration_id=99_998, fields=[]))
    reg_id = store.add(china()).id
    assert reg_id == 99_999
    async with app_for(store, tmp_path).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        row = "".join(segment.text for segment in table.render_line(1))
        assert row.split()[0] == "99999", row
