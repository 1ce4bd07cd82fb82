"""The client link in the terminal UI (issue 24): `l` and the palette open the link dialog;
a new link's address (and its QR code); the portfolio says the link beside the status; an
answered link's changes are listed, masked, and accepted or sent back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.widgets.link_dialog import LinkDialog, qr_text
from onboarding.tui.widgets.portfolio_table import PortfolioTable
from tests.helpers import china, resident_id
from tests.tui_driver import home_loaded, palette_found

SMALL = (80, 24)


def portfolio(tmp_path: Path) -> tuple[str, Store]:
    url = f"sqlite:///{tmp_path / 'portfolio.db'}"
    store = open_store(url)
    store.add(china())
    return url, store


def texts(dialog: LinkDialog) -> str:
    return "\n".join(str(s.render()) for s in dialog.query(Static).results(Static))


async def test_l_makes_a_link_and_shows_its_address_and_qr_code(tmp_path: Path) -> None:
    url, store = portfolio(tmp_path)
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


async def test_the_palette_offers_the_client_link(tmp_path: Path) -> None:
    url, _store = portfolio(tmp_path)
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
    url, store = portfolio(tmp_path)
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
    url, store = portfolio(tmp_path)
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
