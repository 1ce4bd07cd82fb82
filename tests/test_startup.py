"""Start-up imports only what its first use needs (benchmarks/ time it; these say why).

Each check runs in a fresh interpreter, since this one has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def imported_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages and our own modules loaded by `code`, in a new process."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env=env)
    return set(json.loads(done.stdout.splitlines()[-1]))


HEAVY = ("textual", "sqlalchemy", "pydantic", "weasyprint", "textual_fastdatatable", "pyarrow")


def test_the_command_line_imports_nothing_heavy() -> None:
    """`import onboarding.cli` (every command's start, `--help`): no Textual, SQLAlchemy,
    pydantic or WeasyPrint."""
    loaded = imported_after("import onboarding.cli")
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}


def test_a_command_declares_only_itself() -> None:
    """Building the parser for `list` imports the list command alone; with no command (the
    terminal UI) or `--help` (their lines from SUMMARIES), none at all."""
    build = "from onboarding.cli import build_parser; build_parser({argv})"
    commands = {name for name in imported_after(build.format(argv=["list", "--json"]))
                if name.startswith("onboarding.commands.")}
    assert commands == {"onboarding.commands.list_"}
    assert not {name for name in imported_after(build.format(argv=["--db", "x.db"]))
                if name.startswith("onboarding.commands.")}
    assert not {name for name in imported_after(build.format(argv=["--help"]))
                if name.startswith("onboarding.commands.")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_help_lists_the_commands_as_they_declare_themselves(lang: str) -> None:
    """`--help` lists every command by its line without importing one: the same text as
    the parser with every command declared."""
    from onboarding import i18n
    from onboarding.cli import build_parser

    with i18n.language(lang):
        assert build_parser(["--help"]).format_help() == build_parser(None).format_help()


@pytest.mark.parametrize("later", ["textual_fastdatatable", "pyarrow", "sqlalchemy", "pydantic",
                                   "onboarding.store.store", "onboarding.wizard",
                                   "onboarding.tui.widgets.dialogs",
                                   "onboarding.tui.screens.wizard"])
def test_the_home_screen_frame_needs_no_store_table_or_dialog(later: str) -> None:
    """The app and its home screen, as imported to draw the first frame: the store and its
    engine, the table (textual-fastdatatable, pyarrow), the dialogs and the wizard come
    when first needed, after the frame is drawn."""
    loaded = imported_after("import onboarding.tui, onboarding.tui.app")
    assert later not in loaded


HELP = "from onboarding.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
# What `onboarding --help` does not need, each a few ms of a start-up that may take 3x
# `python -c pass` in all (benchmarks/bench.py): the clock (datetime), the commands' shared
# module and the writing of output files (tempfile).
NOT_FOR_HELP = ("forms.clock", "datetime", "onboarding.commands", "onboarding.outputs")


def no_settings(tmp_path: Path) -> dict[str, str]:
    """The environment of a user with no settings file (a throw-away home)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ONBOARDING_", "XDG_")) and k not in ("LANG", "LC_ALL")}
    return env | {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def test_the_help_imports_no_clock_commands_or_output_writing(tmp_path: Path) -> None:
    """`onboarding --help` without a settings file lists the commands from their lines
    alone: the clock, the commands' shared module and the output files' writing stay out."""
    loaded = imported_after(HELP.format(argv=["--help"]), no_settings(tmp_path))
    assert not loaded & set(NOT_FOR_HELP)


def test_the_help_in_a_language_given_looks_for_no_settings(tmp_path: Path) -> None:
    """With --lang the settings are not looked for: platformdirs, which finds their file,
    and tempfile (which it imports) are not loaded either."""
    loaded = imported_after(HELP.format(argv=["--lang", "en", "--help"]), no_settings(tmp_path))
    assert not loaded & {*NOT_FOR_HELP, "platformdirs", "tempfile"}


def test_the_help_follows_the_settings_file_in_its_usual_place(tmp_path: Path) -> None:
    """A settings file where the platform keeps it (the user config folder, no
    ONBOARDING_SETTINGS) still chooses the language of `onboarding --help`."""
    env = no_settings(tmp_path)
    folder = tmp_path / "config" / "onboarding"
    folder.mkdir(parents=True)
    (folder / "settings.toml").write_text('lang = "zh"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "onboarding", "--help"], capture_output=True,
                          text=True, check=True, env=env)
    assert done.stdout.startswith("用法：onboarding")
    english = subprocess.run([sys.executable, "-m", "onboarding", "--help"], capture_output=True,
                             text=True, check=True, env=no_settings(tmp_path / "elsewhere"))
    assert english.stdout.startswith("usage: onboarding")


def test_the_help_without_a_settings_file_needs_no_platformdirs(tmp_path: Path) -> None:
    """No settings file where the XDG spec puts it (Linux): `--help` does not load
    platformdirs to be sure, nor the pathlib, tempfile and typing that would come with it
    and with the settings' module; what is left is argparse and the words."""
    loaded = imported_after(HELP.format(argv=["--help"]), no_settings(tmp_path))
    assert not loaded & {"platformdirs", "tempfile", "pathlib", "typing",
                         "onboarding.settings", "onboarding.locations"}


@pytest.mark.parametrize("xdg", [None, "", "/elsewhere/config", "/elsewhere/config/",
                                 "relative/config", "  "])
@pytest.mark.parametrize("home", ["/home/li", "/home/li/", "/", "relative", ""])
def test_the_config_folder_without_platformdirs_is_platformdirs_own(
        monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str) -> None:
    """Where `config_home` names the user config folder without platformdirs, it is the one
    platformdirs names (the settings file `--help` looks for); where it cannot tell, it
    says so and platformdirs is asked."""
    import platformdirs

    from onboarding import config_home
    from onboarding.locations import config_dir

    for name in ("XDG_CONFIG_HOME", "ANDROID_DATA", "ANDROID_ROOT"):
        monkeypatch.delenv(name, raising=False)
    if xdg is not None:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    monkeypatch.setenv("HOME", home)
    found = config_home.config_folder()
    told = (xdg or "").startswith("/") or (not xdg and home.startswith("/"))
    assert (found is not None) == told  # a relative or blank variable: platformdirs is asked
    if found is not None:
        assert Path(found) == config_dir() == platformdirs.user_config_path(
            config_home.APP_NAME, appauthor=False)
