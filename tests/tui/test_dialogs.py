"""The dialogs: advisor, checklist, history, mark, confirm (delete, purge) and the client link
(Textual pilot tests)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Input, RadioButton, Static

from onboarding import i18n
from onboarding.checklist import pdf as pdf_module
from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.compat import FooterKey
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.checklist_dialog import ChecklistDialog
from onboarding.tui.widgets.dialogs import ConfirmDialog, HistoryDialog, MarkDialog
from onboarding.tui.widgets.link_dialog import LinkDialog, qr_text
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from onboarding.wizard import Wizard
from tests.helpers import china, resident_id
from tests.tui_driver import (
    CHINA_STEPS,
    app_for,
    footer_clipped,
    home_loaded,
    hostile_app,
    mark_dialog,
    next_step,
    notes,
    palette_found,
    portfolio,
    start_new,
    until,
)

SIZE = (100, 32)
SMALL = (80, 24)




async def select(pilot: object, row: int) -> None:
    await home_loaded(pilot)  # type: ignore[arg-type]
    table = pilot.app.screen.query_one(PortfolioTable)  # type: ignore[attr-defined]
    table.move_cursor(row=row)
    await pilot.pause()  # type: ignore[attr-defined]


async def eventually(pilot: object, condition: Callable[[], object], tries: int = 100) -> bool:
    """Let the app run eventually `condition` holds (a click's message, a worker's file), or
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




def footer_descriptions(pilot: Pilot) -> set[str]:
    footer = pilot.app.screen.query_one(Footer)
    return {k.description for k in footer.query(FooterKey)}




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


def one_china(tmp_path: Path) -> tuple[str, Store]:
    url = f"sqlite:///{tmp_path / 'one_china.db'}"
    store = open_store(url)
    store.add(china())
    return url, store


def texts(dialog: LinkDialog) -> str:
    return "\n".join(str(s.render()) for s in dialog.query(Static).results(Static))


def _bank_transfer() -> dict:
    data = china()
    data["authentication"] = "bank_transfer"
    data["verification"] = {"requested": True, "registered_on": "2026-11-20"}
    return data


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


async def test_delete_can_be_cancelled(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(store.list()) == 1


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
        assert await eventually(pilot, lambda: error.display)
        assert pilot.app.screen is dialog
        assert "cannot tell the format from '.docx'" in str(error.render())
        assert "pick a format above" in str(error.render()) and error.display
        assert not (tmp_path / "lotus.docx").exists()
        path.value = ""
        path.focus()
        await pilot.press("enter")  # Enter in the file name writes too
        assert await eventually(pilot, lambda: str(error.render()) == "give a file name")
        path.value = str(tmp_path / "lotus.docx")
        await pilot.pause()
        await pilot.click("#format-html")  # picking a format renames the file
        assert await eventually(pilot, lambda: path.value == str(tmp_path / "lotus.html"))
        path.focus()
        await pilot.press("enter")
        written = tmp_path / "lotus.html"
        assert await eventually(pilot, written.exists)
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
        assert await eventually(pilot, (tmp_path / "prepare.md").exists)
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


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_advisor_shows_its_buttons_and_every_reason_at_80x24(
        store: Store, tmp_path: Path, lang: str) -> None:
    """Issue 23: at 80x24 the advisor's buttons were below the screen (the dialog scrolled
    as a whole) and its second reason showed as a bare '•' (a Chinese reason, one long word
    to the wrapping, went whole to the next line, out of view)."""
    from onboarding.tui.widgets.advisor import AdvisorDialog
    from onboarding.tui.words import said
    from tests.tui_driver import screen_lines

    async with app_for(store, tmp_path, lang=lang).run_test(size=SMALL) as pilot:
        await start_new(pilot, CHINA_STEPS[:1])
        await pilot.press("f3")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, AdvisorDialog)
        for switched in (False, True):  # and again in the other language (f4)
            if switched:
                await pilot.press("f4")
                await pilot.pause()
            for button in ("#use-advice", "#cancel"):
                widget = dialog.query_one(button)
                assert dialog.get_widget_at(*widget.region.center)[0] is widget, button
            bullets = [line.split("•", 1)[1] for line in screen_lines(pilot.app)
                       if "•" in line]
            assert len(bullets) == len(dialog.recommendation().reasons) >= 2, bullets
            assert all(text.strip(" █▎▊▌▐") for text in bullets), bullets
            inside = "".join(line[line.index("█") + 1:line.rindex("█")]  # the dialog's cells
                             for line in screen_lines(pilot.app) if line.count("█") >= 2)
            for reason in dialog.recommendation().reasons:  # whole: no character cut off
                assert re.sub(r"\s", "", said(reason)) in re.sub(r"[\s•]", "", inside), inside


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


async def test_a_pdf_failure_keeps_the_checklist_dialog_and_its_choices(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import onboarding.checklist
    from onboarding.checklist.pdf import PdfError
    from onboarding.tui.widgets.checklist_dialog import ChecklistDialog

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


async def test_the_checklist_dialog_asks_before_replacing_a_file(tmp_path: Path) -> None:
    app, store = hostile_app(tmp_path)
    store.add(china())
    out = tmp_path / "lotus.html"
    out.write_text("old")
    async with app.run_test(size=(120, 40)) as pilot:
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
    app, store = hostile_app(tmp_path, "portfolio.html")  # a store named like a checklist
    store.add(china())
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "lotus.html"
    link.symlink_to(target)
    before = (tmp_path / "portfolio.html").read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await _write_checklist(pilot, link)
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        assert any("symbolic link" in note for note in notes(pilot.app))
        await _write_checklist(pilot, tmp_path / "portfolio.html")
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        assert any("portfolio's store" in note for note in notes(pilot.app))
    assert target.read_text() == "keep me" and link.is_symlink()
    assert (tmp_path / "portfolio.html").read_bytes() == before


@pytest.mark.usefixtures("existing_key")
async def test_a_dialog_keeps_its_answer_through_a_switch(store: Store, tmp_path: Path
                                                          ) -> None:
    store.add(china())
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await mark_dialog(pilot)
        day = dialog.query_one("#on", Input)
        day.value = "2026-11-2"
        await pilot.press("f4")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, MarkDialog)
        assert dialog.query_one("#on", Input).value == "2026-11-2"
        assert str(dialog.query_one(".title", Static).render()).startswith("为 ")


@pytest.mark.usefixtures("existing_key")
async def test_the_checklist_has_its_own_language(store: Store, tmp_path: Path) -> None:
    """On Chinese screens, an English checklist for the consultant; the screens stay zh."""
    store.add(china())
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChecklistDialog)
        await pilot.click("#lang-en")
        await pilot.pause()
        assert dialog.chosen_language() == "en"
        path = tmp_path / "english.html"
        dialog.query_one("#path", Input).value = str(path)
        await pilot.click("#write-file")
        await until(pilot, path.exists)
        assert '<html lang="en"' in path.read_text()
        assert i18n.current() == "zh"
        assert pilot.app.title == "公众号注册助手"


@pytest.mark.usefixtures("existing_key")
@pytest.mark.parametrize(("day", "words"), [
    ("2027-01-01", "晚于今天"),  # a rule of the domain (a Message)
    ("2026-11-22", "2026-11-21"),  # the store's own refusal: operators joined before
])
async def test_a_refused_mark_is_said_in_chinese(store: Store, tmp_path: Path, day: str,
                                                 words: str) -> None:
    """The dialog once showed the store's refusal in English (str of its Message)."""
    store.add(china())
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.press("enter")
        dialog.query_one("#on", Input).value = day
        await pilot.press("enter")
        await pilot.pause()
        error = str(dialog.query_one("#mark-error", Static).render())
        assert words in error and not re.search(r"\b(after|before|today)\b", error), error


async def test_l_makes_a_link_and_shows_its_address_and_qr_code(tmp_path: Path) -> None:
    url, store = one_china(tmp_path)
    async with OnboardingApp(store_url=url).run_test(size=(100, 50)) as pilot:
        await home_loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, LinkDialog)
        assert "No link open" in texts(dialog)
        await pilot.click("#make")
        await pilot.pause()
        address = dialog.query_one("#link-url", Input).value
        assert address.startswith("http://127.0.0.1:8765/c/") and len(address) > 60
        assert "▀" in str(dialog.query_one("#link-qr", Static).render())
        await pilot.click("#close")
        await home_loaded(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        table = pilot.app.screen.query_one(PortfolioTable)
        assert "registered · link open" in str(table.get_row_at(0)[4])
    link = store.link(1)
    assert link is not None and link.state == "open"


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_the_new_links_qr_code_is_whole_on_screen_to_scan(tmp_path: Path,
                                                                size: tuple[int, int]) -> None:
    """A client scans the code off the consultant's screen: all of it in view at once (at
    100x30 its foot was scrolled out of the dialog)."""
    url, _store = one_china(tmp_path)
    async with OnboardingApp(store_url=url).run_test(size=size) as pilot:
        await home_loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = pilot.app.screen
        await pilot.click("#make")
        await pilot.pause()
        qr = dialog.query_one("#link-qr")
        body = dialog.query_one("#link-body")
        assert qr.region.height >= 15  # the code itself, not a note
        assert body.scrollable_content_region.contains_region(qr.region), (qr.region, body)
        assert dialog.region.contains_region(dialog.query_one("#close").region)


async def test_the_palette_offers_the_client_link(tmp_path: Path) -> None:
    url, _store = one_china(tmp_path)
    async with OnboardingApp(store_url=url).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_found(pilot, "Client link")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, LinkDialog)
        screen = pilot.app.screen
        for widget in (screen.query_one(".title"), screen.query_one("#close")):
            assert screen.region.contains_region(widget.region), widget  # fits 80x24


async def test_an_answered_link_is_reviewed_masked_and_accepted(tmp_path: Path) -> None:
    url, store = one_china(tmp_path)
    token, _info = store.make_link(1, ["admin"])
    session = store.enter_link(token)
    assert session is not None
    admin = dict(store.get(1).answers["admin"], name="赵敏", id_number=resident_id(8))
    store.save_client_answers(session, {"admin": admin}, ["admin.id_number"],
                              ["admin.id_number", "admin.name"])
    store.send_link(session)
    async with OnboardingApp(store_url=url).run_test(size=(110, 40)) as pilot:
        await home_loaded(pilot)
        table = pilot.app.screen.query_one(PortfolioTable)
        assert "link answered" in str(table.get_row_at(0)[4])
        await pilot.press("l")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, LinkDialog)
        said = texts(dialog)
        assert "* Administrator's name (管理员姓名): 王芳 → 赵敏" in said
        assert resident_id(8) not in said and "310**************" in said
        await pilot.click("#accept")
        await home_loaded(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert store.get(1).answers["admin"]["name"] == "赵敏"
    assert store.link(1) is None


async def test_sent_back_with_a_note(tmp_path: Path) -> None:
    url, store = one_china(tmp_path)
    token, _info = store.make_link(1, ["profile"])
    session = store.enter_link(token)
    assert session is not None
    store.send_link(session)
    async with OnboardingApp(store_url=url).run_test(size=(110, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, LinkDialog)
        assert "The client changed nothing." in texts(dialog)
        dialog.query_one("#link-note", Input).value = "请写完整的介绍"
        await pilot.click("#send-back")
        await home_loaded(pilot)
    link = store.link(1)
    assert link is not None and (link.state, link.note) == ("open", "请写完整的介绍")


def test_the_qr_code_is_drawn_dark_on_light() -> None:
    code = qr_text("http://127.0.0.1:8765/c/" + "x" * 43)
    assert code is not None
    lines = code.plain.splitlines()
    assert len({len(line) for line in lines}) == 1 and len(lines[0]) >= 25
    assert lines[0].strip() == ""  # the quiet border
    assert str(code.style) == "#000000 on #ffffff"


async def test_the_mark_dialog_records_a_payment(store: Store, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(_bank_transfer())
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-05")  # the 10 days ended 2026-11-30
    assert store.rows(date(2026, 12, 5))[0].status == "overdue"
    async with app_for(store, tmp_path).run_test(size=(110, 32)) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.click("#what-paid")
        day = dialog.query_one("#on", Input)
        day.value = "2026-11-27"
        await pilot.click("#record")
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        assert store.list()[0].registration().paid_on == date(2026, 11, 27)
        assert any("paid on 2026-11-27" in note for note in notes(pilot.app))
        await home_loaded(pilot)
        row = "".join(segment.text
                      for segment in pilot.app.screen.query_one(PortfolioTable).render_line(1))
        assert "registered" in row and "overdue" not in row, row


async def test_the_mark_dialog_refuses_a_payment_with_nothing_to_pay(
        store: Store, tmp_path: Path) -> None:
    store.add(china())  # authenticated by WeChat Verification
    async with app_for(store, tmp_path).run_test(size=(110, 32)) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.click("#what-paid")
        dialog.query_one("#on", Input).value = "2026-11-24"
        await pilot.click("#record")
        await pilot.pause()
        assert pilot.app.screen is dialog
        error = str(dialog.query_one("#mark-error", Static).render())
        assert "only a bank-transfer authentication has a verification amount" in error


async def test_a_late_approval_is_warned_when_marked(store: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(china())  # registered 2026-11-20: the window closed 2026-12-20
    monkeypatch.setenv("ONBOARDING_TODAY", "2027-01-10")
    async with app_for(store, tmp_path).run_test(size=(110, 32)) as pilot:
        dialog = await mark_dialog(pilot)
        await pilot.click("#what-verified")
        dialog.query_one("#on", Input).value = "2027-01-05"
        await pilot.click("#record")
        await until(pilot, lambda: any("window closed on 2026-12-20" in n
                                       for n in notes(pilot.app)))
        assert store.list()[0].verified_on == date(2027, 1, 5)


async def test_the_checklist_dialog_names_the_formats(store: Store, tmp_path: Path) -> None:
    store.add(china())
    async with app_for(store, tmp_path).run_test(size=(110, 32)) as pilot:
        await home_loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChecklistDialog)
        dialog.query_one("#path", Input).value = str(tmp_path / "lotus.docx")
        await pilot.pause()
        await pilot.click("#write-file")
        error = dialog.query_one("#checklist-error", Static)
        await until(pilot, lambda: error.display)
        said = str(error.render())
        assert "HTML (.html, .htm), Markdown (.md, .markdown, .txt) or PDF (.pdf)" in said
        assert not (tmp_path / "lotus.docx").exists()


async def test_purge_is_asked_first_then_done(tmp_path: Path) -> None:
    url, store = portfolio(tmp_path)
    app = OnboardingApp(store_url=url, checklist_folder=tmp_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await select(pilot, 1)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        question = str(pilot.app.screen.query_one(Static).render())
        assert "#2 Nordlicht Outdoor GmbH" in question and "ID or passport number" in question
        await pilot.press("escape")
        await pilot.pause()
        assert store.get(2).purged is None  # cancelled: nothing removed
        await pilot.press("p")
        await pilot.pause()
        await pilot.click("#yes")
        await home_loaded(pilot)
        assert store.get(2).purged == "2026-11-25"
        assert "#2 Nordlicht Outdoor GmbH: personal data removed" in notes(pilot.app)
        assert [(e.action, e.via) for e in store.history(2)][-1] == ("purge", "terminal UI")
        pilot.app.screen.query_one(PortfolioTable).focus()
        await pilot.press("enter")  # resume: refused, it can no longer be edited
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        assert any("can no longer be edited" in note for note in notes(pilot.app))


async def test_purge_of_a_registration_still_needing_its_data_is_refused(tmp_path: Path) -> None:
    url, store = portfolio(tmp_path)
    async with OnboardingApp(store_url=url).run_test(size=(110, 36)) as pilot:
        await select(pilot, 0)
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ConfirmDialog)  # refused before asking
        assert any("not verified yet" in note for note in notes(pilot.app))
        assert store.get(1).purged is None


async def test_history_shows_the_trail_of_the_selected_registration(tmp_path: Path) -> None:
    url, store = portfolio(tmp_path)
    async with OnboardingApp(store_url=url).run_test(size=(110, 36)) as pilot:
        await select(pilot, 1)
        await pilot.press("h")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, HistoryDialog)
        lines = [str(s.render()) for s in dialog.query(".history-line").results(Static)]
        assert [line.split("  ")[2] for line in lines] == [
            "import (command line): " + ", ".join(store.history(2)[0].fields),
            "mark verified (command line): lifecycle.registered_on, lifecycle.verified_on"]
        assert "Nordlicht Outdoor GmbH" in str(dialog.query_one(".title", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


# issue 23's keys and focus (merged from the tui-keys branch)

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
