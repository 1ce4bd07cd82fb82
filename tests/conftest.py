"""Shared fixtures: a frozen clock and a private data folder for every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from onboarding.store import Store


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every rule and deadline sees 2026-11-25 unless a test pins another day."""
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-11-25")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # a table is as wide as its rows unless set
    return "2026-11-25"


@pytest.fixture(autouse=True)
def private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                     ) -> Path:
    """The default store (and its key) land in temporary user folders, never the real ones."""
    home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    # The store's key file is made in the config folder: never the real one either.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.delenv("ONBOARDING_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the machine's locale; a test that chooses another
    language (`main([... "--lang", "zh"])`, `i18n.use`) leaves English behind it."""
    from onboarding import i18n

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield
    i18n.use("en")


pytest_plugins = ["tests.stores"]  # the store_url fixture: SQLite and PostgreSQL


@pytest.fixture(autouse=True)
def private_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                     ) -> Iterator[Path]:
    """Settings come from a temporary file and no ONBOARDING_ setting leaks in."""
    from onboarding.settings import settings
    from onboarding.settings_model import Settings

    path = tmp_path_factory.mktemp("config") / "settings.toml"
    monkeypatch.setenv("ONBOARDING_SETTINGS", str(path))
    for name in Settings.model_fields:
        monkeypatch.delenv(f"ONBOARDING_{name.upper()}", raising=False)
    settings.cache_clear()
    yield path
    settings.cache_clear()


UNGUARDED = "      - {event: next, target: verification}\n"
GUARDED = (
    "      - {event: next, target: verification, "
    "cond: \"authentication == 'wechat_verification' or verification.requested == True\"}\n"
    "      - {event: next, target: operators}\n"
)


@pytest.fixture
def guarded_verification(monkeypatch: pytest.MonkeyPatch,
                         tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The flows folder with the statechart as it was when verification came only with its
    request: the verification *step* guarded (the shipped one decides its outcome inside
    it), to prove the engine's "may still come"; the flow's name, while the test runs."""
    from onboarding.flow import FLOW, flows_dir, load_flow

    folder = tmp_path_factory.mktemp("flows")
    shipped = (flows_dir() / f"{FLOW}.yaml").read_text()
    assert shipped.count(UNGUARDED) == 1
    (folder / f"{FLOW}.yaml").write_text(shipped.replace(UNGUARDED, GUARDED))
    monkeypatch.setattr("onboarding.flow.flows_dir", lambda: folder)
    load_flow.cache_clear()
    yield FLOW
    load_flow.cache_clear()


@pytest.fixture
def existing_key() -> None:
    """A returning user: the store's key file exists already, so no first-use note joins
    the output a test checks (that note is tested in tests/test_privacy_cli.py)."""
    from onboarding.settings import settings
    from onboarding.store.keysource import KeySource

    KeySource().for_new_store()
    settings.cache_clear()  # a test may still change a setting


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A portfolio of its own (SQLite in the test's folder), as the TUI tests open it."""
    from onboarding.store import open_store

    return open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")


@pytest.fixture(autouse=True)
def keys_at_machine_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pilot types faster than a person: the TUI's moment of dropped keys after a dialog
    closes (OnboardingApp.KEY_GUARD) is off, except where a test sets it
    (tests/tui/test_dialogs.py)."""
    from onboarding.tui.app import OnboardingApp

    monkeypatch.setattr(OnboardingApp, "KEY_GUARD", 0.0)
