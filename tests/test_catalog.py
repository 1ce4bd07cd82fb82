"""The catalogs (issue 17): every message of an area has its zh words with the same
placeholders, and no text a person reads escapes the marking.

Shared by the i18n teammates: each adds the files of their area to `TRANSLATED` and
`FACES`. Every area is in: a new face or file joins `TRANSLATED_ALL` and `FACES`.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from onboarding import i18n

ROOT = Path(__file__).resolve().parent.parent

# Files whose every extracted message must have a zh translation (prefixes of paths).
TRANSLATED_ALL = ("forms/", "onboarding/cli.py", "onboarding/dispatch.py",
                  "onboarding/summaries.py", "onboarding/commands/", "onboarding/term.py",
                  "onboarding/store/", "onboarding/outputs.py", "onboarding/answers.py",
                  "onboarding/settings.py", "onboarding/locations.py", "onboarding/flow.py",
                  "onboarding/flow_words.py",
                  "onboarding/wizard.py", "onboarding/portfolio.py",
                  "onboarding/tui/", "onboarding/questions.py", "onboarding/checklist/",
                  "onboarding/lookup.py", "onboarding/errorcodes.py", "onboarding/links.py",
                  "onboarding/web/")
TRANSLATED_NOT_YET: tuple[str, ...] = ()  # an area still being translated, named here


def _in_area(path: str) -> bool:
    return path.startswith(TRANSLATED_ALL) and not path.startswith(TRANSLATED_NOT_YET)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages Babel extracts now, with the project's own configuration."""
    pot = tmp_path_factory.mktemp("pot") / "onboarding.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "pyproject.toml"),
                                "-o", str(pot), str(ROOT)])
    with pot.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def zh() -> Catalog:
    with i18n.catalog_path("zh").open("rb") as handle:
        return read_po(handle, locale="zh")


def _relative(path: str) -> str:
    return Path(path).resolve().relative_to(ROOT).as_posix() if Path(path).is_absolute() \
        else path


def _areas(message: Message) -> list[str]:
    return [_relative(path) for path, _line in message.locations]


def placeholders(text: str) -> set[str]:
    """`{name}`, `{name!r}`, `{n:,}` and `%(name)s` places, as written."""
    found = {f"%({name})" for name in re.findall(r"%\((\w+)\)", text)}
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return found | {"<unbalanced braces>"}
    for _literal, name, spec, conversion in parsed:
        if name is not None:
            found.add(f"{{{name}{'!' + conversion if conversion else ''}"
                      f"{':' + spec if spec else ''}}}")
    return found


def test_placeholders_are_found_as_written() -> None:
    assert placeholders("at most {n} of {count:,} ({text!r}) %(page)s {{x}}") == {
        "{n}", "{count:,}", "{text!r}", "%(page)", }
    assert placeholders("{items} or {last}") != placeholders("{items}或")


def _untranslated(template: Catalog, zh: Catalog) -> Iterator[str]:
    for message in template:
        if not message.id or not any(_in_area(p) for p in _areas(message)):
            continue
        found = zh.get(message.id)
        strings = () if found is None else (
            found.string if isinstance(found.string, tuple) else (found.string,))
        if found is None or found.fuzzy or not all(strings):
            yield f"{_areas(message)[0]}: {message.id!r}"


def test_every_message_of_the_translated_areas_has_zh_words(template: Catalog, zh: Catalog
                                                            ) -> None:
    missing = list(_untranslated(template, zh))
    assert not missing, "no zh translation (add it to onboarding.po):\n" + "\n".join(missing)


def test_a_translation_keeps_the_placeholders_of_its_msgid(zh: Catalog) -> None:
    wrong = []
    for message in zh:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = placeholders(ids[-1])  # zh has one form: the plural's
        for form in forms:
            if form and placeholders(form) != expected:
                wrong.append(f"{ids[-1]!r}: {sorted(expected)} != {form!r}")
    assert not wrong, "\n".join(wrong)


def test_the_checks_fail_on_a_missing_or_wrong_translation(template: Catalog) -> None:
    """The two tests above can fail: a catalog without one entry, or with a changed place."""
    zh = Catalog(locale="zh")
    assert any("required" in line for line in _untranslated(template, zh))
    zh.add("must be {lo} to {hi} characters (this one has {n})", "须为 {lo} 至 {hi} 个字符")
    message = zh["must be {lo} to {hi} characters (this one has {n})"]
    assert placeholders(message.string) != placeholders(message.id)


def test_the_zh_catalog_compiles_and_is_used() -> None:
    with i18n.language("zh"):
        assert i18n._("required") == "必填"
        assert i18n._.language == "zh"
        assert i18n._("") == ""  # not the catalog's header
        assert i18n.ngettext("{count} day", "{count} days", 3).format(count=3) == "3天"


# -- unmarked strings ---------------------------------------------------------------------

# The faces and engine modules whose sinks are checked (each area adds its files).
FACES = sorted(
    p for pattern in ("onboarding/cli.py", "onboarding/dispatch.py", "onboarding/commands/*.py",
                      "onboarding/store/*.py",
                      "onboarding/outputs.py", "onboarding/answers.py", "onboarding/settings.py",
                      "onboarding/locations.py", "onboarding/term.py", "onboarding/flow.py",
                      "onboarding/wizard.py", "onboarding/portfolio.py",
                      "onboarding/checklist/*.py", "onboarding/lookup.py", "onboarding/links.py",
                      "onboarding/web/*.py")
    for p in ROOT.glob(pattern)
    if p.relative_to(ROOT).as_posix() not in TRANSLATED_NOT_YET
)
# Calls whose first argument a person reads.
SINKS = {"print", "input", "write", "error", "ArgumentTypeError", "print_table"}
MARKED = {"_", "N_", "N_plural", "ngettext", "Message", "counted"}
# Calls whose arguments are data, not words: JSON for scripts, iCalendar fields, colours.
DATA = {"json_text", "add", "paint_colour"}
# Words that read the same in every language: commands, options, file and format names.
ALLOWED = re.compile(
    r"(?:onboarding|--?[a-z][\w-]*|[a-z_]+\.[a-z]+|<stdin>|YYYY-MM-DD|[A-Z_]{2,}|#|-|\W*)\Z")
# A programming error, not a message: Python's own protocol words.
NOT_SHOWN = {"AttributeError", "NotImplementedError", "AssertionError"}


def _raised(node: ast.AST) -> bool:
    return isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(
        func, ast.Attribute) else ""


def _words(node: ast.AST) -> Iterator[ast.Constant]:
    """String constants a person would read in an expression shown to them."""
    if isinstance(node, ast.Call):
        name = _name(node)
        if name in MARKED or name in DATA:
            return
        args = node.args[:1] if name == "paint" else node.args  # paint(text, colour)
        for arg in (*args, *(k.value for k in node.keywords if k.arg not in ("file", "end"))):
            yield from _words(arg)
        if isinstance(node.func, ast.Attribute):
            yield from _words(node.func.value)
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if re.search(r"[A-Za-z]{2,}", node.value) and not ALLOWED.match(node.value.strip()):
            yield node
        return
    if isinstance(node, ast.Compare | ast.Subscript | ast.Dict):
        return  # a test, a key: not shown
    for child in ast.iter_child_nodes(node):
        yield from _words(child.value if isinstance(child, ast.FormattedValue) else child)


def unmarked(source: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        shown: list[ast.expr] = []
        if isinstance(node, ast.Call) and _name(node) in SINKS and node.args:
            shown = node.args[:1]
        elif _raised(node):
            assert isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
            shown = [] if _name(node.exc) in NOT_SHOWN else node.exc.args[:1]
        for expr in shown:
            for constant in _words(expr):
                yield constant.lineno, constant.value


def test_the_unmarked_check_finds_an_unmarked_message() -> None:
    source = ("print(f'wrote {n} files')\nraise CommandError('no such flow')\n"
              "print(_('fine'))\nprint(paint(_('ok'), 'green'))\nprint(json_text({'id': 1}))\n"
              "print(_('x {v}').format(v=a or 'none yet'))\n")
    assert sorted({line for line, _text in unmarked(source)}) == [1, 2, 6]


@pytest.mark.parametrize("path", FACES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_message_a_face_shows_is_marked(path: Path) -> None:
    found = [f"{path.name}:{line}: {text!r}" for line, text in
             unmarked(path.read_text(encoding="utf-8"))]
    assert not found, "mark these with _() (or add a reasoned entry to ALLOWED):\n" + \
        "\n".join(found)


FORMS = sorted(p for p in (ROOT / "forms").glob("*.py")
               if p.relative_to(ROOT).as_posix() not in TRANSLATED_NOT_YET)
TEMPLATED = {"Issue": 1, "fail": 1, "Message": 0, "counted": 0}  # the template's argument


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_a_domain_message_is_a_marked_template_never_built_text(path: Path) -> None:
    """forms/ says an issue as a template and params: an f-string or a concatenation in a
    template's place would be English that no catalog can hold."""
    built = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node) in TEMPLATED:
            index = TEMPLATED[_name(node)]
            if len(node.args) > index and isinstance(node.args[index], ast.JoinedStr | ast.BinOp):
                built.append(f"{path.name}:{node.lineno}")
    assert not built, "use a template with named params:\n" + "\n".join(built)
