"""Property-based fuzzing of the edges (issue 10), bounded to a few seconds.

Generated answers documents -- valid ones with tricky text, mutated ones, hostile YAML --
go load -> validate -> store -> checklist (every format) -> export -> load: the only
outcomes are a valid registration, field errors, or a one-line refusal, and what is
stored comes back unchanged. Then the CLI is driven in-process (and a few times as a
real process) on generated files and arguments: exit 0, 1 or 2, never a traceback, never
a raw control character on the terminal.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import forms
from forms import controls
from onboarding.answers import AnswersError, dump_answers, load_answers, parse_answers
from onboarding.checklist import build, render
from onboarding.cli import main
from onboarding.store import InvalidRegistration, open_store
from tests.helpers import china, overseas

FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TRICKY = ["ACME [/HK]", "[red]x[/red]", "[link=https://evil.example]y[/link]", "## Pay here",
          "![](https://evil.example/t.png)", "<img src=x onerror=alert(1)>", "| * _x_ ~~y~~ |",
          "1. list", "> quote", "---", "&copy; & co", "莲花茶业", "\\", "$var", "{{ x }}",
          "\x1b]0;pwned\x07", "A\x00B", "a\nb", "\u202eevil", "\x9b31m"]
# Text a person could type: no control characters, so it can be a valid answer.
typed_text = st.one_of(
    st.sampled_from([t for t in TRICKY if not controls.find(t)]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
            min_size=1, max_size=24),
)
any_text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=24), typed_text)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10**40),
                    st.floats(), any_text)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
# Free-text answers a valid document may fill with anything typed.
FREE_TEXT = [("client",), ("organization", "name"), ("admin", "name"),
             ("profile", "operating_area"), ("operators", 0, "name")]
SNIPPETS = ["x: !!binary QUJD\n", "y: &a [1, 2]\nz: *a\n", "? [a, b]\n: 1\n",
            "version: !!int x\n", "n: " + "9" * 200 + "\n", "[[[[[[[[[[[[[[[[[[[[\n", "\t",
            "\x00", "\ufeff", "%YAML 1.1\n---\n", "a: .nan\n", "k: !!set {a, b}\n"]


def _containers(data: Any, path: tuple = ()) -> list[tuple]:
    """Every (path to a mapping or list, key or index) in a document."""
    found: list[tuple] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) \
        if isinstance(data, list) else []
    for key, value in items:
        found.append((path, key))
        found += _containers(value, (*path, key))
    return found


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document, then up to three changes: typed text, any value, a key removed
    or an unknown key added."""
    doc = json.loads(json.dumps(draw(st.sampled_from([china, overseas]))(), default=str))
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["typed", "typed", "value", "delete", "add"]))
        if kind == "typed":
            *path, key = draw(st.sampled_from(FREE_TEXT))
            with contextlib.suppress(KeyError, IndexError, TypeError):  # no longer there
                _at(doc, tuple(path))[key] = draw(typed_text)
            continue
        path, key = draw(st.sampled_from(_containers(doc)))
        container = _at(doc, path)
        if kind == "value":
            container[key] = draw(values)
        elif kind == "delete":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.text(max_size=8))] = draw(values)
    return doc


@st.composite
def document_texts(draw: st.DrawFn) -> tuple[str, str]:
    """(text, suffix): a document as YAML or JSON, sometimes with hostile text spliced in."""
    doc = draw(documents())
    if draw(st.booleans()):
        text, suffix = yaml.safe_dump(doc, allow_unicode=draw(st.booleans())), ".yaml"
    else:
        text, suffix = json.dumps(doc, ensure_ascii=draw(st.booleans())), ".json"
    if draw(st.integers(0, 3)) == 0:
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(SNIPPETS)))
        text = "".join(lines)
    return text, suffix


def one_line(message: str) -> None:
    assert "\n" not in message and message.strip(), message


@FUZZ
@given(document=document_texts())
def test_load_validate_store_checklist_export_load(tmp_path_factory: pytest.TempPathFactory,
                                                   document: tuple[str, str]) -> None:
    text, suffix = document
    path = tmp_path_factory.mktemp("fuzz") / f"answers{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        data = load_answers(path)
    except AnswersError as exc:  # a one-line refusal
        one_line(str(exc))
        event("refused")
        return
    result = forms.validate(data)
    for issue in result.issues:
        one_line(controls.printable(issue))
    store = open_store("sqlite://")
    try:
        try:
            record = store.add(data)
        except InvalidRegistration as exc:  # field errors: the same as validate's
            assert not result.ok
            assert exc.issues == result.errors
            event("field errors")
            return
        assert result.ok and result.registration is not None
        event("valid")
        assert record.answers == data  # stored exactly as loaded
        for fmt in ("md", "html"):  # PDF prints this HTML (tests/test_pdf.py)
            page = render(build(result.registration, warnings=result.warnings), fmt)
            assert controls.find(page.replace("\n", "")) == []
        exported = record.answers_file()
        assert exported == data
        for fmt in ("yaml", "json"):
            again = parse_answers(dump_answers(exported, fmt), json_only=fmt == "json")
            assert again == data  # what is stored comes back unchanged
    finally:
        store.close()


# -- the CLI, in-process ------------------------------------------------------------------

ids = st.one_of(st.sampled_from(["1", "2"]), st.sampled_from(["1", "7"]),
                st.integers(0, 4).map(str),
                st.sampled_from(["²", "١", "99999999999999999999", "-1", "0x1", " 1", "2147483648",
                                 "1.0", "-", "+1"]),
                st.text(max_size=5))
junk = st.text(max_size=8)


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    """A command line with {file} (the generated document) and {out} (a file to write)."""
    id_, word = draw(ids), draw(junk)
    day = draw(st.one_of(st.dates().map(str), junk))
    argv = draw(st.sampled_from([
        ["validate", "{file}"], ["validate", "{file}", "{file}", "-q"], ["import", "{file}"],
        ["checklist", "{file}"], ["checklist", "{file}", "-o", "{out}.md"],
        ["checklist", id_, "--format", "html"], ["show", id_], ["show", id_, "--reveal"],
        ["export", id_], ["export", id_, "-o", "{out}.yaml"], ["export", id_, "-o", "{out}"],
        ["mark", id_, "registered", "--on", day], ["mark", id_, "verified"],
        ["remove", id_, "--yes"], ["remove", id_], ["list"], ["list", "--json"],
        ["deadlines", "--within", word], ["deadlines", "--ics", "{out}.ics"],
        ["deadlines", "--json"], ["errors", word], ["errors", "--search", word],
        ["flows", word], ["schema"], ["resume", id_], ["validate", word],
    ]))
    if draw(st.integers(0, 3)) == 0:
        argv = [*argv, draw(st.sampled_from(["--force", "--db", "-o", "--format", word]))]
    return argv


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as caught:  # argparse: --help, or a bad argument
            code = caught.code if isinstance(caught.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(document=document_texts(), argv=invocations(), db_last=st.booleans())
def test_the_cli_exits_0_1_or_2_and_never_prints_a_traceback(
        tmp_path_factory: pytest.TempPathFactory, document: tuple[str, str], argv: list[str],
        db_last: bool) -> None:
    folder = tmp_path_factory.mktemp("cli")
    text, suffix = document
    answers = folder / f"answers{suffix}"
    answers.write_text(text, encoding="utf-8", errors="surrogatepass")
    db = ["--db", f"sqlite:///{folder / 'portfolio.db'}"]
    run_cli([*db, "import", str(answers)])  # sometimes something to show, mark, export
    argv = [a.replace("{file}", str(answers)).replace("{out}", str(folder / "out"))
            for a in argv]
    code, out, err = run_cli([*argv, *db] if db_last else [*db, *argv])
    assert code in (0, 1, 2), (argv, code, err)
    event(f"exit {code}")
    assert "Traceback" not in out + err
    assert controls.find((out + err).replace("\n", "")) == [], (argv, out, err)
    # an error line, a note about a file written, or (checklist) the problems of its source
    for line in err.splitlines():
        assert line.startswith(("onboarding", "wrote ", str(answers), "#")), (argv, err)


# -- the CLI, as a real process: a handful of runs -----------------------------------------


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=document_texts(), argv=invocations())
def test_the_real_command_exits_0_1_or_2(tmp_path_factory: pytest.TempPathFactory,
                                         document: tuple[str, str], argv: list[str]) -> None:
    folder = tmp_path_factory.mktemp("proc")
    text, suffix = document
    answers = folder / f"answers{suffix}"
    answers.write_text(text, encoding="utf-8", errors="surrogatepass")
    db = ["--db", f"sqlite:///{folder / 'portfolio.db'}"]
    argv = [a.replace("{file}", str(answers)).replace("{out}", str(folder / "out"))
            for a in argv]
    for command in (["import", str(answers)], argv):
        done = subprocess.run([sys.executable, "-m", "onboarding", *db, *command],
                              capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
        assert done.returncode in (0, 1, 2), (command, done.stderr)
        assert b"Traceback" not in done.stdout + done.stderr
        assert b"\x1b" not in done.stdout + done.stderr
