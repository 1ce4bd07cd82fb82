"""Start-up imports only what its first use needs (benchmarks/ time it; these say why).

Each check runs in a fresh interpreter, since this one has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def imported_after(code: str) -> set[str]:
    """The top-level packages and our own modules loaded by `code`, in a new process."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
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
