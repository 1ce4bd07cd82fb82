"""The app as a whole (issue 23): a wizard opened from the command line ends the program
when it is left, and the shell the person came from is back (no key reaches a portfolio)."""

from __future__ import annotations

from pathlib import Path

from onboarding.store import Store
from tests.helpers import china
from tests.tui_driver import app_for, home_loaded, wizard


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
        footer_keys_fit(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysDialog)
        said = lines_of(app.screen)
        for key, what in (("h", "History"), ("p", "Purge"), ("o", "Sort"), ("f2", "Light/dark"),
                          ("l", "Link"), ("n", "New")):
            assert any(line.split() == [key, what] or (line.split()[:1] == [key]
                       and what in line) for line in said.splitlines()), (key, said)

