"""Shared fixtures: a frozen clock and a private data folder for every test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every rule and deadline sees 2026-11-25 unless a test pins another day."""
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-11-25")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return "2026-11-25"


@pytest.fixture(autouse=True)
def private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                     ) -> Path:
    """The default store lands in a temporary user data folder, never the real one."""
    home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("ONBOARDING_DB", raising=False)
    return home


pytest_plugins = ["tests.stores"]  # the store_url fixture: SQLite and PostgreSQL
