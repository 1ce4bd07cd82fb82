"""The portfolio screen: the table, its filter, sort and keys, what each row says (Textual pilot
tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from forms.controls import printable
from onboarding.store import Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.widgets.dialogs import ConfirmDialog, MarkDialog
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from onboarding.tui.widgets.portfolio_table import PortfolioTable as DataTable
from onboarding.wizard import Wizard
from tests.helpers import china, overseas
from tests.tui_driver import (
    CHINA_STEPS,
    ESCAPES,
    MARKUP,
    answers_of,
    app_for,
    fill,
    home_loaded,
    hostile_app,
    no_raw_controls,
    notes,
    until,
)

SIZE = (100, 32)
SMALL = (80, 24)






async def test_empty_home_tells_a_new_user_what_to_do(store: Store, tmp_path: Path) -> None:
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        empty = pilot.app.screen.query_one("#empty", Static)
        assert empty.display
        assert "Press n to start one" in str(empty.render())


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
        assert "Lotus Tea Shang…" in row, row  # says it is cut (a word-wrapped name did not)


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


async def test_home_and_dialogs_show_a_hostile_name_as_text(tmp_path: Path) -> None:
    app, store = hostile_app(tmp_path)
    store.save_draft(Wizard({"client": MARKUP + ESCAPES, "entity": "china"}).state())
    async with app.run_test(size=(120, 40)) as pilot:
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


@pytest.mark.usefixtures("existing_key")
async def test_a_chinese_client_name_is_not_cut_in_the_portfolio(store: Store, tmp_path: Path
                                                                 ) -> None:
    data = china()
    data["client"] = "上海莲花茶业有限公司分公司"  # 13 characters, 26 cells
    store.add(data)
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one("#portfolio")
        assert table.backend.column_content_widths[1] >= 26  # type: ignore[attr-defined]


async def test_the_portfolio_says_past_due_since(store: Store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(china())  # registered 2026-11-20: the last safe day 2026-11-30 has passed
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-05")
    async with app_for(store, tmp_path).run_test(size=(110, 32)) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        row = "".join(segment.text for segment in table.render_line(1))
        assert "overdue" in row and "past due since 2026-11-30" in row, row
        detail = str(pilot.app.screen.query_one("#detail", Static).render())
        assert "next: Submit the WeChat Verification application (last safe day): past due " \
               "since 2026-11-30" in detail, detail


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


@pytest.mark.usefixtures("existing_key")
@pytest.mark.parametrize(("lang", "status", "detail"), [
    ("en", "registered ✎", "#1 Lotus Tea Shanghai: registered · an unfinished edit "
                                   "at Operators (运营者): r continues it"),
    ("zh", "已注册 ✎",
     "#1 Lotus Tea Shanghai：已注册 · 有未完成的修改，停在“运营者”：按 r 继续"),
])
async def test_an_unfinished_edit_of_a_finished_registration_shows_in_the_portfolio(
        store: Store, tmp_path: Path, lang: str, status: str, detail: str) -> None:
    """Issue 23: a half-finished edit of a registered account was invisible on the portfolio
    (the row said registered, 9/9): its row and the line under the table say it."""
    reg_id = store.add(china()).id
    store.mark(reg_id, "registered", date(2026, 11, 20))
    wizard = store.get(reg_id).resume()
    assert wizard.go_to("operators")
    wizard.update({"operators": [*wizard.answers["operators"], {"term": "long"}]})
    store.save_draft(wizard.state(), reg_id)
    async with app_for(store, tmp_path, lang=lang).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        row = "".join(segment.text for segment in table.render_line(1))
        assert status in row, row
        deadline = str(table.get_row_at(0)[5])
        assert deadline != "-" and deadline in row, row  # the client's name gave way
        shown = str(pilot.app.screen.query_one("#detail", Static).render())
        assert detail in shown.replace("\n", " "), shown


@pytest.mark.usefixtures("existing_key")
async def test_client_names_take_the_room_the_other_columns_leave_at_80_columns(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23: at 80 columns the client names were cut although the row had room: the
    status and deadline columns were as wide as the longest English words ('registered',
    27 cells of deadline), in Chinese too. They are as wide as their words in the language on
    screen; the client's name takes the rest."""
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-05")
    store.add(china())  # past due since 2026-11-30
    verified = store.add(overseas()).id
    store.mark(verified, "verified", date(2026, 12, 3))  # next: 2027-09-03 (in 272 days)
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        rows = ["".join(segment.text for segment in table.render_line(y)) for y in (1, 2)]
        assert "Lotus Tea Shanghai " in rows[0] and "自2026-11-30起逾期" in rows[0], rows
        assert "Nordlicht Outdoor Gm…" in rows[1], rows  # 22 cells: 21 at 80 columns
        assert rows[1].rstrip().endswith("2027-09-03（还有272天）"), rows


async def test_moving_the_cursor_opens_no_registration(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The line under the table says where a draft or an unfinished edit stopped: the
    portfolio's query gives that step, so moving the cursor reads no registration whole and
    opens nothing sealed (it did both, for every draft and edited row it passed)."""
    from onboarding.store.crypto import FieldCipher
    from onboarding.tui.words import step_name

    finished = store.add(china()).id
    store.mark(finished, "registered", date(2026, 11, 20))
    wizard = store.get(finished).resume()
    assert wizard.go_to("operators")
    wizard.update({"operators": [*wizard.answers["operators"], {"term": "long"}]})
    store.save_draft(wizard.state(), finished)  # an edit, stopped at the operators
    draft = Wizard()
    for answers in answers_of(CHINA_STEPS[:3]):
        assert draft.submit(answers) == []
    store.save_draft(draft.state())  # a draft, stopped at the region
    store.add(overseas())
    read: list[object] = []
    opened: list[object] = []
    get, unseal = store.get, FieldCipher.open
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        monkeypatch.setattr(store, "get", lambda reg_id: (read.append(reg_id), get(reg_id))[1])
        monkeypatch.setattr(FieldCipher, "open", lambda self, text, where: (
            opened.append(where), unseal(self, text, where))[1])
        detail = pilot.app.screen.query_one("#detail", Static)
        said = [str(detail.render())]
        for key in ("down", "down", "up", "up"):  # through the rows and back
            await pilot.press(key)
            await until(pilot, lambda: str(detail.render()) != said[-1])
            said.append(str(detail.render()))
    assert said[4] == said[0] and said[3] == said[1], said
    assert said[0].startswith("#1 Lotus Tea Shanghai: registered · an unfinished edit at "
                              f"{step_name('operators')}: r continues it"), said
    assert said[1].startswith(f"#2 Lotus Tea: at {step_name('region')}"), said
    assert said[2].startswith("#3 Nordlicht Outdoor GmbH: registered"), said
    assert (read, opened) == ([], [])


def test_the_columns_words_are_measured_once_a_language() -> None:
    """The path, steps, status and deadline columns are as wide as their words in the
    language on screen, measured once a language (not again on every load of the table)."""
    from onboarding.i18n import language
    from onboarding.tui.widgets.portfolio_table import word_widths

    english = word_widths()
    with language("zh"):
        chinese = word_widths()
        assert word_widths() is chinese
    assert word_widths() is english and chinese != english
