"""Shared fixtures: a frozen clock for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every rule and deadline sees 2026-11-25 unless a test pins another day."""
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-11-25")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return "2026-11-25"
