"""Settings: environment over file over defaults, checked before use, one-line errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from onboarding.cli import main
from onboarding.settings import SettingsError, save, settings


def test_defaults_then_file_then_environment(private_settings: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings().consultant_name == "" and settings().lang is None
    save(consultant_name="Li Wei", lang="zh")
    assert settings().consultant_name == "Li Wei" and settings().lang == "zh"
    monkeypatch.setenv("ONBOARDING_LANG", "en")
    settings.cache_clear()
    assert settings().lang == "en" and settings().consultant_name == "Li Wei"
    assert stat.S_IMODE(os.stat(private_settings).st_mode) == 0o600


def test_a_bad_value_is_refused_before_writing(private_settings: Path) -> None:
    with pytest.raises(SettingsError, match="lang"):
        save(lang="fr")
    assert not private_settings.exists()
    with pytest.raises(SettingsError, match="control characters"):
        save(consultant_name="Li\x1b]0;pwned\x07")


@pytest.mark.parametrize("content", [b'lang = "xx', b"lang = 3", b"\xff\xfe", b"colour = 1"])
def test_a_damaged_file_is_one_line(private_settings: Path, content: bytes,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    private_settings.write_bytes(content)
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("onboarding: error: ") and len(err.strip().splitlines()) == 1
    assert private_settings.read_bytes() == content


def test_a_special_file_is_refused(private_settings: Path) -> None:
    os.mkfifo(private_settings)
    with pytest.raises(SettingsError, match="not a regular file"):
        settings()


def test_config_command_sets_shows_and_unsets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "consultant_name", "Li Wei"]) == 0
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "consultant_name      Li Wei" in out and "(file)" in out
    assert main(["config", "consultant_name", "--unset"]) == 0
    assert settings().consultant_name == ""
    assert main(["config", "nope", "x"]) == 2
    assert main(["config", "lang"]) == 2
