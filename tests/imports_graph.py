"""The import graph of forms/ and onboarding/, read from their source (no import runs).

`tests/test_imports.py` checks with it that a function imports inside itself only what is
heavy to import: a package measured heavy (`HEAVY`), or one of our modules that imports one
at its top, directly or through others.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("forms", "onboarding")

# Measured with `python -X importtime -c "import NAME"` (2 cores, Python 3.11): each costs
# 15 ms or more (textual 80, icalendar 50, statemachine 50, holidays 40, jinja2 38, ...), so
# a command that does not need it must not pay for it. And the standard library's modules
# that `onboarding --help` (within 3x `python -c pass`, argparse taking most of it) would
# pay for otherwise, over what it loads anyway: dataclasses with inspect, importlib.resources,
# logging (4 to 6 ms each), tempfile (2 ms beside argparse's shutil, 4 alone). Everything
# else is imported at the top of the module that uses it.
HEAVY = frozenset({
    "textual", "textual_fastdatatable", "pyarrow", "rich", "sqlalchemy", "psycopg",
    "pydantic", "pydantic_settings", "weasyprint", "jinja2", "statemachine", "icalendar",
    "holidays", "pycountry", "phonenumbers", "email_validator", "stdnum", "tomlkit", "yaml",
    "babel", "cryptography", "qrcode", "uvicorn", "starlette", "asyncio", "markdown_it",
    "dataclasses", "inspect", "importlib.resources", "logging", "tempfile",
})


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # absolute: `onboarding.store`, `textual.widgets`
    local: bool  # inside a function


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path) -> list[Import]:
    """Every import the module runs: at its top, and inside its functions (imports under
    `if TYPE_CHECKING:` run for the type checker only and are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    found: list[Import] = []

    def walk(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    walk(other, local)
                continue
            inner = local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend(Import(path, child.lineno, name, local)
                             for name in imported(here, path, child))
            walk(child, inner)

    walk(tree, False)
    return found


def imported(here: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement names (`from a import b`: `a.b` when it is a module,
    else `a`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = here.split(".")
        keep = len(package) - node.level + (path.name == "__init__.py")
        base = ".".join([*package[:keep], *([base] if base else [])])
    lazy = _lazy(base)
    names = [f"{base}.{alias.name}" for alias in node.names]
    return [name if name in MODULES else lazy.get(alias.name, base)
            for name, alias in zip(names, node.names, strict=True)]


@cache
def _lazy(package: str) -> dict[str, str]:
    """A package's names loaded on first use (its `_LAZY` or `_HOMES`: name -> module), as
    `onboarding.store` keeps SQLAlchemy out of `from onboarding.store import StoreError` and
    `forms` pydantic out of `from forms import rulebook`."""
    path = MODULES.get(package)
    if path is None or path.name != "__init__.py":
        return {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in ("_LAZY", "_HOMES") for t in node.targets):
            # a literal, or one made with dict.fromkeys: evaluated with nothing else in reach
            code = compile(ast.Expression(node.value), str(path), "eval")
            return dict(eval(code, {"__builtins__": {}, "dict": dict}))
    return {}


MODULES: dict[str, Path] = {module_name(path): path for path in sources()}


def _parents(module: str) -> list[str]:
    """A module and the packages it is in (importing it runs their __init__ too)."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


@cache
def heavy(module: str, _seen: frozenset[str] = frozenset()) -> bool:
    """Whether importing `module` imports a HEAVY package (ours: through their top)."""
    if module.split(".")[0] in HEAVY or module in HEAVY:
        return True
    if module.split(".")[0] not in PACKAGES:
        return False
    for name in _parents(module):
        if name in _seen or name not in MODULES:
            continue
        for found in imports_of(MODULES[name]):
            if not found.local and heavy(found.module, _seen | {name}):
                return True
    return False
