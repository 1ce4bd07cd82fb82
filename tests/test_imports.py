"""Imports at the top of a module, except what is heavy (issue 21, item 3).

A function-local import hides a circle or a wrong floor; it is kept only for what costs a
start-up that does not need it: a package measured heavy, or one of our modules that
imports one at its top (`tests/imports_graph.py`), and for the few reasons below.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests import imports_graph as graph

# Our light modules still imported inside a function, each with its reason.
ALLOWED = {
    ("forms/words.py", "forms.figures"):
        "a circle in the domain: figures fills its numbers with words' fill, and words looks "
        "up a figure when a text names one",
    ("onboarding/dispatch.py", "onboarding.commands.new"):
        "the parser imports a command module only when it is named (test_startup)",
    ("onboarding/cli.py", "onboarding.dispatch"):
        "what runs a command (the clock, the commands' shared module, the store's errors) is "
        "loaded once the line is parsed: `--help` ends in the parser (test_startup)",
    ("onboarding/cli.py", "onboarding.settings"):
        "read for the language only when there may be a setting (ONBOARDING_LANG or a "
        "settings file, see onboarding.config_home): `--help` without one (test_startup)",
}


def test_only_heavy_modules_are_imported_inside_functions() -> None:
    found: dict[tuple[str, str], list[int]] = {}
    for path in graph.sources():
        for imp in graph.imports_of(path):
            if imp.local and imp.module.split(".")[0] in graph.PACKAGES \
                    and not graph.heavy(imp.module):
                where = str(path.relative_to(graph.ROOT))
                found.setdefault((where, imp.module), []).append(imp.line)
    unexpected = {f"{where}:{lines}: {module}" for (where, module), lines in found.items()
                  if (where, module) not in ALLOWED}
    assert not unexpected, f"light modules imported inside functions (move them up): " \
                           f"{sorted(unexpected)}"
    assert set(ALLOWED) <= set(found), "an allowed one is gone: strike it from ALLOWED"


# A heavy thing deferred in more than one module, each place with its reason; every other
# one has exactly one place (a package for others' code, a module for ours).
SHARED = {
    "onboarding.store.store": ("onboarding/commands/__init__.py", "onboarding/tui/app.py"),
    "onboarding.store.files": ("onboarding/commands/__init__.py", "onboarding/tui/app.py"),
    # ...once a face: the commands open the store in `open_portfolio` (and guard it in
    # `write_output`), the TUI in `ensure_store` (and `write_checklist`); faces never import
    # each other
    "statemachine": ("onboarding/flow.py", "onboarding/flow_words.py"),
    # ...its loader for the statechart, and its diagram renderer for `flows --diagram` only
}


def deferrals() -> dict[str, set[str]]:
    """Each heavy thing imported inside a function: the modules that do it."""
    found: dict[str, set[str]] = {}
    for path in graph.sources():
        for imp in graph.imports_of(path):
            if imp.local and graph.heavy(imp.module):
                ours = imp.module.split(".")[0] in graph.PACKAGES
                thing = imp.module if ours else imp.module.split(".")[0]
                found.setdefault(thing, set()).add(str(path.relative_to(graph.ROOT)))
    return found


def test_each_heavy_thing_is_deferred_in_one_place() -> None:
    """Issue 21, item 3: a module imports at its top; what is heavy is put off in one place
    (the parser for a command's module, `onboarding.settings` for its model, the packages'
    `_LAZY` names, `checklist/pdf.py` for WeasyPrint...), so a face imports at its top too."""
    found = deferrals()
    many = {thing: sorted(places) for thing, places in found.items() if len(places) > 1}
    assert many == {thing: sorted(places) for thing, places in SHARED.items()}


def test_the_heavy_ones_are_heavy() -> None:
    """The graph knows what pulls a heavy package: the store's engine, the TUI's app, the
    settings' model (pydantic), the registration models (through `forms`' lazy names); and what
    does not: the CLI, the errors, the words, the store's package, the settings' front."""
    for module in ("onboarding.store.store", "onboarding.tui.app", "onboarding.settings_model",
                   "onboarding.checklist.render", "textual.widgets", "forms.registration",
                   "onboarding.errorcodes", "onboarding.web"):
        assert graph.heavy(module), module
    for module in ("onboarding.cli", "onboarding.errors", "onboarding.store", "onboarding.settings",
                   "onboarding.store.errors", "forms.words", "onboarding.i18n", "json"):
        assert not graph.heavy(module), module


BRIEF_HEAVY = ("textual", "sqlalchemy", "pydantic", "weasyprint", "textual_fastdatatable",
               "pyarrow", "starlette", "uvicorn", "qrcode", "jinja2", "statemachine")


@pytest.mark.parametrize("code", [
    "import onboarding.cli",
    "from onboarding.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
])
def test_the_command_line_and_its_help_import_nothing_heavy(code: str) -> None:
    """`import onboarding.cli` is every command's start, `--help` its listing."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert not {name for name in loaded if name.split(".")[0] in BRIEF_HEAVY}
