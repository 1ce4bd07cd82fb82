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


# -- hostile values: one line in every command, `config` too (issue 25) ---------------------

HOSTILE = [
    ("key_file", '""', "key_file"),
    ("key_file", '"{folder}"', "a folder"),
    ("key_file", '"/etc"', "a folder"),
    ("key_file", '"~nosuchuser/x"', "nosuchuser"),
    ("key_file", '"a\\u0000b"', "U+0000"),
    ("checklist_folder", '"~nosuchuser/x"', "nosuchuser"),
    ("checklist_folder", '"x\\u202ey"', "U+202E"),
    ("consultant_name", '"Li\\u202eWei"', "U+202E"),
    ("consultant_name", '"Li\\u200bWei"', "U+200B"),
]


@pytest.mark.parametrize(("name", "value", "needle"), HOSTILE)
@pytest.mark.parametrize("argv", [["list"], ["key", "show"], ["config"],
                                  ["checklist", "1", "--format", "pdf"]])
def test_a_hostile_setting_is_one_line_in_every_command(
        private_settings: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        name: str, value: str, needle: str, argv: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a checklist written without a folder lands here
    db = ["--db", f"sqlite:///{tmp_path / 'p.db'}"]
    assert main([*db, "import", str(Path(__file__).parent.parent / "examples" / "china.yaml")]
                ) == 0
    (tmp_path / "folder").mkdir()
    private_settings.write_text(f"{name} = {value.format(folder=tmp_path / 'folder')}\n")
    settings.cache_clear()
    capsys.readouterr()
    code = main([*db, *argv])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert needle in err, err
    assert "\u202e" not in out + err and "\u200b" not in out + err


def test_settings_nested_two_thousand_deep_are_one_line_in_every_command(
        private_settings: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private_settings.write_text("x = " + "[" * 2000 + "]" * 2000 + "\n")
    for argv in (["config"], ["list"], ["schema"], ["key", "show"]):
        settings.cache_clear()
        code = main(argv)
        err = capsys.readouterr().err
        assert "Traceback" not in err and "Recursion" not in err, (argv, err)
        if argv != ["schema"]:  # schema reads no setting
            assert code == 2 and len(err.splitlines()) == 1 and "nested" in err, (argv, err)


def test_config_never_prints_a_control_character_from_the_environment(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_CONSULTANT_NAME", "Li\u202eWei")
    settings.cache_clear()
    assert main(["config"]) == 2
    out, err = capsys.readouterr()
    assert "\u202e" not in out + err and "U+202E" in err


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


def test_a_bad_variable_is_named_as_the_variable_not_the_file(
        private_settings: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """ONBOARDING_KEY_FILE=/etc: the error names the variable (the settings file may not
    exist at all, and sending the person to it sends them to the wrong place)."""
    monkeypatch.setenv("ONBOARDING_KEY_FILE", "/etc")
    settings.cache_clear()
    assert main(["list"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("onboarding: error: ONBOARDING_KEY_FILE:")
    assert str(private_settings) not in err and "a folder" in err


def test_a_linked_settings_file_is_not_written_through(private_settings: Path) -> None:
    """Written as every file is (`onboarding.outputs`): never through a link, which would
    change what another program reads; one line says to give the real path."""
    real = private_settings.with_name("real.toml")
    real.write_text('consultant_name = "Li"\n')
    private_settings.symlink_to(real)
    with pytest.raises(SettingsError, match="symbolic link"):
        save(consultant_name="Wang")
    assert private_settings.is_symlink() and real.read_text() == 'consultant_name = "Li"\n'
