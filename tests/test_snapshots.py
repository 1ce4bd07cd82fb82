"""What the screens look like, at 80x24 and 120x40 (pytest-textual-snapshot).

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__ before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from onboarding import i18n
from onboarding.store import open_store
from onboarding.tui.app import OnboardingApp
from onboarding.wizard import Wizard
from tests.helpers import china, overseas
from tests.tui_driver import CHINA_STEPS, fill, home_loaded, next_step, walk

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
LANGS = pytest.mark.parametrize("lang", ["en", "zh"])  # zh: every label, button, key fits
pytestmark = pytest.mark.usefixtures("existing_key")  # no "new key" note on the screens


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.use("en")


async def steady(pilot: Pilot) -> None:
    """A cursor that does not blink: the picture no longer depends on the moment it is taken."""
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


def portfolio_app(tmp_path: Path, **kwargs: object) -> OnboardingApp:
    store = open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")
    store.add(china())
    late = china()
    late.update(client="Late Client", email="late@example.cn")
    late["profile"]["name"] = "LateClient"
    late["verification"]["registered_on"] = "2026-10-01"
    store.add(late)
    record = store.add(overseas())
    store.mark(record.id, "verified", date(2026, 11, 24))
    store.save_draft(Wizard({"client": "Draft Co", "entity": "china"}).state())
    return OnboardingApp(store, checklist_folder=tmp_path, **kwargs)  # type: ignore[arg-type]


@LANGS
@SIZES
def test_home(snap_compare, tmp_path: Path, size: tuple[int, int], lang: str) -> None:
    assert snap_compare(portfolio_app(tmp_path, lang=lang), terminal_size=size,
                        run_before=home_loaded)


@LANGS
@SIZES
def test_step_with_an_error(snap_compare, tmp_path: Path, size: tuple[int, int], lang: str
                            ) -> None:
    async def bad_email(pilot: Pilot) -> None:
        await walk(pilot, CHINA_STEPS[:2])  # as a person gets there
        await fill(pilot, {"email": "wechat@lotustea"})
        await next_step(pilot)
        await steady(pilot)

    store = open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")
    app = OnboardingApp(store, checklist_folder=tmp_path, lang=lang)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=size, run_before=bad_email)


@LANGS
@SIZES
def test_review(snap_compare, tmp_path: Path, size: tuple[int, int], lang: str) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")
    wiz = Wizard(china())
    wiz.submitted.update(wiz.path)
    wiz.current = wiz.path[-1]
    record = store.save_draft(wiz.state())

    async def to_review(pilot: Pilot) -> None:
        await pilot.pause()
        await next_step(pilot)
        await pilot.pause()

    app = OnboardingApp(store, open_id=record.id, checklist_folder=tmp_path,
                        lang=lang)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=size, run_before=to_review)
