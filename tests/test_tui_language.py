"""The TUI in Chinese and English: a live switch (f4, or the palette) keeps everything typed
and is remembered in the settings; a whole China registration in Chinese ends with a Chinese
checklist (Textual pilot tests)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from onboarding import i18n
from onboarding.store import Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.dialogs import ChecklistDialog, MarkDialog
from tests.helpers import china
from tests.tui_driver import (
    CHINA_STEPS,
    fill,
    footer_keys_fit,
    home_loaded,
    mark_dialog,
    next_step,
    open_screen,
    start_new,
    until,
    wizard,
)

SIZE = (100, 32)
pytestmark = pytest.mark.usefixtures("existing_key")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.use("en")


def remembered(settings_file: Path) -> str | None:
    return tomllib.loads(settings_file.read_text())["lang"] if settings_file.exists() else None


def text(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def footer(pilot: Pilot) -> list[str]:
    return [key.description for key in pilot.app.screen.query(FooterKey)]


TYPED = {"organization-name": "上海莲花茶业有限公司", "admin-name": "王芳",
         "admin-mobile": "+86 139 1234 5678"}


async def test_a_live_switch_keeps_what_is_typed(store: Store, tmp_path: Path,
                                                 private_settings: Path) -> None:
    """en -> zh -> en in the middle of a step: the typed answers, the cursor, an error shown
    all stay; the words change, the footer's keys too; the choice is remembered."""
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_new(pilot, CHINA_STEPS[:4])
        assert screen.wizard.current == "organization"
        await fill(pilot, TYPED)
        name = screen.query_one("#in-admin-name", Input)
        name.focus()
        await pilot.pause()
        name.cursor_position = 1  # between 王 and 芳
        await pilot.pause()
        await next_step(pilot)  # refused: the ID number and more are missing
        errors = text(pilot, "#step-errors")
        assert "fields need fixing" in errors
        name.focus()
        await pilot.pause()
        name.cursor_position = 1
        assert text(pilot, "#step-title").startswith("Step 5 of 9: Organization")
        assert "Next" in footer(pilot)

        await pilot.press("f4")
        await pilot.pause()
        assert i18n.current() == "zh" and remembered(private_settings) == "zh"
        screen = wizard(pilot)
        assert text(pilot, "#step-title") == "第 5 步，共 9 步：主体与管理员"
        assert "下一步" in footer(pilot) and "Next" not in footer(pilot)
        assert "进入下一步前需修改" in text(pilot, "#step-errors")
        for dom, value in TYPED.items():
            assert screen.query_one(f"#in-{dom}", Input).value == value
        assert screen.query_one("#box-organization-type Label").render()  # labelled anew
        name = screen.query_one("#in-admin-name", Input)
        assert name.has_focus
        await pilot.press("小")  # typed where the cursor was, not over a selection
        await pilot.pause()
        assert name.value == "王小芳"

        await pilot.press("f4")
        await pilot.pause()
        assert i18n.current() == "en" and remembered(private_settings) == "en"
        screen = wizard(pilot)
        assert text(pilot, "#step-title").startswith("Step 5 of 9: Organization")
        assert screen.query_one("#in-admin-name", Input).value == "王小芳"
        assert screen.query_one("#in-organization-name", Input).value == "上海莲花茶业有限公司"
        assert "fields need fixing" in text(pilot, "#step-errors")
        assert screen.wizard.answers["admin"]["name"] == "王小芳"


async def test_the_palette_switches_the_language(store: Store, tmp_path: Path) -> None:
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Language")
        await until(pilot, lambda: pilot.app.screen.query_one(CommandList).option_count > 0)
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: i18n.current() == "zh")
        await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.pause()
        assert pilot.app.title == "公众号注册助手"
        assert "新建" in footer(pilot)


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


async def test_a_china_registration_in_chinese_to_a_chinese_checklist(
        store: Store, tmp_path: Path) -> None:
    """The whole China path on Chinese screens, the review in Chinese, and the checklist
    written in Chinese (the dialog starts in the screen's language)."""
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        titles = []
        await home_loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        for answers in CHINA_STEPS:
            titles.append(text(pilot, "#step-title"))
            await fill(pilot, answers)
            await next_step(pilot)
        while not isinstance(pilot.app.screen, ReviewScreen):  # the steps it may still ask
            titles.append(text(pilot, "#step-title"))
            await next_step(pilot)
        assert titles[0] == "第 1 步：客户与主体"
        assert titles[1] == "第 2 步，共 9 步：账号类型"
        assert all("Step" not in title for title in titles)
        review = pilot.app.screen
        assert str(review.query_one("#review-title", Static).render()).startswith("核对信息")
        answers = str(review.query_one("#review-account_type .review-answers", Static).render())
        assert answers == "账号类型：服务号"
        await pilot.press("w")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChecklistDialog)
        assert dialog.chosen_language() == "zh"
        await pilot.click("#write-file")
        written = tmp_path / "checklist-lotus-tea.html"
        await until(pilot, written.exists)
        html = written.read_text()
        assert '<html lang="zh-Hans"' in html
        assert "Lotus Tea" in html and "服务号" in html and "待办事项" in html
        assert i18n.current() == "zh"  # the screens stay in their language


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


async def test_textual_own_words_are_said_in_chinese(store: Store, tmp_path: Path) -> None:
    """The palette's prompt, its "no matches" line and the icon's tooltip come from Textual
    in English; on Chinese screens they are in Chinese (textual is pinned below 9)."""
    from onboarding.tui.widgets.header import PaletteIcon
    from onboarding.tui.widgets.palette import Palette

    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        assert pilot.app.screen.query_one(PaletteIcon).tooltip == "打开命令面板"
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = pilot.app.screen
        assert isinstance(palette, Palette)
        assert palette.query_one(Input).placeholder == "搜索命令…"
        await pilot.press(*"qqqq")
        options = palette.query_one(CommandList)

        def no_matches() -> str:
            found = [options.get_option_at_index(i) for i in range(options.option_count)]
            line = next((o.prompt for o in found if o.id == palette._NO_MATCHES), None)
            return getattr(getattr(line, "renderable", None), "plain", "")

        await until(pilot, no_matches)
        assert no_matches() == "没有找到匹配项"


@pytest.mark.parametrize("screen_name", ["home", "wizard", "editing", "review"])
async def test_every_key_and_the_title_fit_80_columns_in_chinese(
        store: Store, tmp_path: Path, screen_name: str) -> None:
    """The footer's keys end before the palette key; a client's long Chinese name in the
    title ends before the language key."""
    from textual.widgets._header import HeaderTitle

    from onboarding.tui.widgets.header import LanguageKey

    data = china()
    data["client"] = "上海莲花茶业有限公司第一分公司华东区域营销中心"  # 46 cells
    reg_id = store.add(data).id
    opened = {} if screen_name == "home" else {"open_id": reg_id}
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh", **opened)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, screen_name)
        assert "退出" in {k.description for k in footer_keys_fit(pilot)}
        title = pilot.app.screen.query_one(HeaderTitle)
        key = pilot.app.screen.query_one(LanguageKey)
        assert title.content_region.right <= key.region.x  # "…" before the key, if long


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
