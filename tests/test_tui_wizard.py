"""The wizard as a new user meets it (issue 15): clashes named as soon as a field is left,
nothing typed lost, focus always in view, one keyboard model, small screens, live help."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.widgets.step_form import FieldBox
from tests.helpers import china
from tests.tui_driver import CHINA_STEPS, fill, start_new

SIZE = (100, 32)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")


def app_for(store: Store, tmp_path: Path, **kwargs: object) -> OnboardingApp:
    return OnboardingApp(store, checklist_folder=tmp_path, **kwargs)  # type: ignore[arg-type]


def error_of(screen: object, dom: str) -> str:
    box = screen.query_one(f"#box-{dom}", FieldBox)  # type: ignore[attr-defined]
    return str(box.query_one(".field-error", Static).render()) if box.has_class("-invalid") else ""


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
