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


def test_config_keeps_the_users_comments_and_layout(private_settings: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`onboarding config NAME VALUE` changes one value: the user's comments, order and the
    other values stay as they wrote them."""
    private_settings.parent.mkdir(parents=True, exist_ok=True)
    private_settings.write_text(
        "# my settings, shared with the team\n"
        "lang = \"zh\"  # the office reads Chinese\n"
        "\n"
        "# who prints the checklists\n"
        "consultant_name = \"Li Wei\"\n", encoding="utf-8")
    assert main(["config", "consultant_contact", "+86 138 0013 8000"]) == 0
    assert main(["config", "consultant_name", "Wang Fang"]) == 0
    assert private_settings.read_text(encoding="utf-8") == (
        "# my settings, shared with the team\n"
        "lang = \"zh\"  # the office reads Chinese\n"
        "\n"
        "# who prints the checklists\n"
        "consultant_name = \"Wang Fang\"\n"
        "consultant_contact = \"+86 138 0013 8000\"\n")
    assert main(["config", "lang", "--unset"]) == 0
    text = private_settings.read_text(encoding="utf-8")
    assert "lang" not in text.replace("consultant", "") and "# who prints" in text
    capsys.readouterr()
