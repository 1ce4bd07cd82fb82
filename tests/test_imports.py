"""Imports at the top of a module, except what is heavy (issue 21, item 3).

A function-local import hides a circle or a wrong floor; it is kept only for what costs a
start-up that does not need it: a package measured heavy, or one of our modules that
imports one (`tests/imports_graph.py`).
"""

from __future__ import annotations

from tests import imports_graph as graph

# Light modules still imported inside functions: circles that the floors do not resolve
# yet (forms.words <-> forms.figures; i18n's reach into the settings; the error-code
# table read on demand; the CLI's commands). The list only shrinks.
KNOWN = {
    "forms/words.py": 1, "onboarding/i18n.py": 6, "onboarding/cli.py": 1,
    "onboarding/commands/errors.py": 12, "onboarding/commands/new.py": 5,
    "onboarding/commands/purge.py": 5, "onboarding/commands/import_.py": 1,
    "onboarding/store/keysource.py": 1,
}


def test_only_heavy_modules_are_imported_inside_functions() -> None:
    found: dict[str, list[str]] = {}
    for path in graph.sources():
        for imp in graph.imports_of(path):
            if imp.local and not graph.heavy(imp.module):
                where = str(path.relative_to(graph.ROOT))
                found.setdefault(where, []).append(f"{imp.line}: {imp.module}")
    grown = {where: lines for where, lines in found.items()
             if len(lines) > KNOWN.get(where, 0)}
    assert not grown, f"light modules imported inside functions (move them to the top): {grown}"


def test_the_heavy_ones_are_heavy() -> None:
    """The graph knows what pulls a heavy package: the store's engine, the TUI, the
    settings (pydantic); and what does not: the CLI, the errors, the words."""
    for module in ("onboarding.store.store", "onboarding.tui.app", "onboarding.settings",
                   "onboarding.checklist.render", "textual.widgets"):
        assert graph.heavy(module), module
    for module in ("onboarding.cli", "onboarding.errors", "onboarding.store",
                   "onboarding.store.errors", "forms.words", "json"):
        assert not graph.heavy(module), module
