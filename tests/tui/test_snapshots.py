"""What the screens look like, at 80x24 and 120x40 (pytest-textual-snapshot).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/tui/__snapshots__ before committing them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from onboarding import i18n
from onboarding.store import open_store
from onboarding.tui.app import OnboardingApp
from onboarding.wizard import Wizard
from tests.helpers import china, overseas
from tests.tui_driver import CHINA_STEPS, fill, home_loaded, mark_dialog, next_step, walk

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
    kwargs.setdefault("checklist_folder", tmp_path)
    return OnboardingApp(store, **kwargs)  # type: ignore[arg-type]


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


# -- the dialogs ---------------------------------------------------------------------------


@LANGS
@SIZES
def test_advisor(snap_compare, tmp_path: Path, size: tuple[int, int], lang: str) -> None:
    """The advisor over the account-type step (f3), its recommendation for the defaults."""
    async def advise(pilot: Pilot) -> None:
        await walk(pilot, CHINA_STEPS[:1])
        await pilot.press("f3")
        await pilot.pause()

    store = open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")
    app = OnboardingApp(store, checklist_folder=tmp_path, lang=lang)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=size, run_before=advise)


@LANGS
@SIZES
def test_checklist_dialog(snap_compare, tmp_path: Path, size: tuple[int, int], lang: str
                          ) -> None:
    """Format, language and file of the first registration's checklist (`c`); the folder is
    a fixed one, so the picture does not hold the test's temporary path."""
    async def checklist(pilot: Pilot) -> None:
        await home_loaded(pilot)
        await pilot.press("c")
        await steady(pilot)

    app = portfolio_app(tmp_path, lang=lang, checklist_folder=Path("/srv/checklists"))
    assert snap_compare(app, terminal_size=size, run_before=checklist)


@pytest.fixture
def fixed_trail(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The audit trail's rows written at one moment by one named consultant, shown in UTC."""
    from onboarding.settings import settings

    class Moment(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Moment:  # type: ignore[override]
            return cls(2026, 11, 21, 9, 30, tzinfo=UTC)

    monkeypatch.setattr("onboarding.store.audit.datetime", Moment)
    monkeypatch.setenv("ONBOARDING_CONSULTANT_NAME", "Mei Chen")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    settings.cache_clear()
    yield
    monkeypatch.undo()
    time.tzset()
    settings.cache_clear()


@LANGS
@SIZES
@pytest.mark.usefixtures("fixed_trail")
def test_history(snap_compare, tmp_path: Path, size: tuple[int, int], lang: str) -> None:
    """The first registration's audit trail (`h`): when, who, what, through which face."""
    async def history(pilot: Pilot) -> None:
        await home_loaded(pilot)
        await pilot.press("h")
        await pilot.pause()

    assert snap_compare(portfolio_app(tmp_path, lang=lang), terminal_size=size,
                        run_before=history)


@LANGS
@SIZES
def test_mark(snap_compare, tmp_path: Path, size: tuple[int, int], lang: str) -> None:
    """The lifecycle dates of the first registration (`m`)."""
    async def mark(pilot: Pilot) -> None:
        await mark_dialog(pilot)
        await steady(pilot)

    assert snap_compare(portfolio_app(tmp_path, lang=lang), terminal_size=size,
                        run_before=mark)
