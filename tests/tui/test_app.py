"""The app as a whole: a registration from start to checklist, the language switch, the palette,
small terminals (Textual pilot tests)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input, Static

from onboarding import i18n
from onboarding.store import Store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.compat import NO_MATCHES, FooterKey, HeaderTitle
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.checklist_dialog import ChecklistDialog
from tests.helpers import china
from tests.tui_driver import (
    CHINA_STEPS,
    app_for,
    fill,
    footer_keys_fit,
    home_loaded,
    next_step,
    open_screen,
    palette_found,
    start_new,
    until,
    wizard,
)

SIZE = (100, 32)
SMALL = (80, 24)
TYPED = {"organization-name": "上海莲花茶业有限公司", "admin-name": "王芳",
         "admin-mobile": "+86 139 1234 5678"}


def remembered(settings_file: Path) -> str | None:
    return tomllib.loads(settings_file.read_text()).get("tui_lang") if settings_file.exists() \
        else None


def text(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def footer(pilot: Pilot) -> list[str]:
    return [key.description for key in pilot.app.screen.query(FooterKey)]


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
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| `o` |" in readme or "`o` sorts" in readme


@pytest.mark.usefixtures("existing_key")
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


@pytest.mark.usefixtures("existing_key")
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


@pytest.mark.usefixtures("existing_key")
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


@pytest.mark.usefixtures("existing_key")
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
            line = next((o.prompt for o in found if o.id == NO_MATCHES), None)
            return getattr(getattr(line, "renderable", None), "plain", "")

        await until(pilot, no_matches)
        assert no_matches() == "没有找到匹配项"


@pytest.mark.usefixtures("existing_key")
@pytest.mark.parametrize("screen_name", ["home", "wizard", "editing", "review"])
async def test_every_key_and_the_title_fit_80_columns_in_chinese(
        store: Store, tmp_path: Path, screen_name: str) -> None:
    """The footer's keys end before the palette key; a client's long Chinese name in the
    title ends before the language key."""
    from onboarding.tui.widgets.header import LanguageKey

    data = china()
    data["client"] = "上海莲花茶业有限公司第一分公司华东区域营销中心"  # 46 cells
    reg_id = store.add(data).id
    opened = {} if screen_name == "home" else {"open_id": reg_id}
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh", **opened)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, screen_name)
        assert "退出" in {k.description for k in await footer_keys_fit(pilot)}
        title = pilot.app.screen.query_one(HeaderTitle)
        key = pilot.app.screen.query_one(LanguageKey)
        assert title.content_region.right <= key.region.x  # "…" before the key, if long


# issue 23's keys and focus (merged from the tui-keys branch)

async def test_esc_in_a_wizard_opened_by_resume_ends_the_program(store: Store, tmp_path: Path
                                                                 ) -> None:
    reg_id = store.add(china()).id
    app = app_for(store, tmp_path, open_id=reg_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        wizard(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app._exit  # the program ends: `o` and `n` typed next go to the shell
    assert app.return_code in (None, 0)


async def test_esc_in_a_wizard_opened_by_new_ends_the_program(store: Store, tmp_path: Path
                                                              ) -> None:
    app = app_for(store, tmp_path, new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        wizard(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app._exit


async def test_esc_in_a_wizard_opened_from_the_portfolio_goes_back_to_it(
        store: Store, tmp_path: Path) -> None:
    from onboarding.tui.screens.home import HomeScreen

    store.add(china())
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await pilot.press("r")
        await pilot.pause()
        wizard(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not app._exit


def lines_of(screen: object) -> str:
    return "\n".join(str(s.render()) for s in screen.query(".key-line"))  # type: ignore[attr-defined]


async def test_f1_on_the_portfolio_says_every_key(store: Store, tmp_path: Path) -> None:
    from onboarding.tui.widgets.dialogs import KeysDialog
    from tests.tui_driver import footer_keys_fit

    store.add(china())
    app = app_for(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_loaded(pilot)
        await footer_keys_fit(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysDialog)
        said = lines_of(app.screen)
        for key, what in (("h", "History"), ("p", "Purge"), ("o", "Sort"), ("f2", "Light/dark"),
                          ("l", "Link"), ("n", "New")):
            assert any(line.split() == [key, what] or (line.split()[:1] == [key]
                       and what in line) for line in said.splitlines()), (key, said)


async def test_the_language_switch_is_the_tuis_alone(store: Store, tmp_path: Path,
                                                      private_settings: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23: f4 in the TUI also changed the command line's language for good (it stored
    the `lang` setting the commands read). A consultant switches the screens for the client
    beside them; their shell stays theirs: the switch is remembered as `tui_lang`, which only
    the TUI reads (after --lang and ONBOARDING_LANG, before `lang`)."""
    from onboarding import tui
    from onboarding.cli import main
    from onboarding.settings import language_setting, save, settings

    save(lang="en")
    async with app_for(store, tmp_path).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert i18n.current() == "zh"
    written = tomllib.loads(private_settings.read_text())
    assert (written["lang"], written["tui_lang"]) == ("en", "zh")
    settings.cache_clear()
    assert i18n.resolve(None, language_setting) == "en"  # the commands
    opened: list[str | None] = []
    monkeypatch.setattr(tui, "run", lambda *_a, lang=None, **_k: opened.append(lang) or 0)
    monkeypatch.setattr("onboarding.commands.new.check_tui", lambda _args: None)  # a terminal
    assert main([]) == 0 and main(["--lang", "en"]) == 0
    assert opened == ["zh", "en"]  # the next TUI opens as it was left; --lang still decides
