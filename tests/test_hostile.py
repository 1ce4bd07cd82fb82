"""Hostile input (issue 10): refused at the door with one line, shown as text everywhere.

Each test reproduces a way the product was broken: YAML tricks, special files, markup and
escape sequences in names, control characters, numbers as dates, odd IDs, Markdown
injection and output files written over the store, a link or an existing file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import forms
from forms.controls import printable
from onboarding.answers import MAX_BYTES, load_answers, parse_answers
from onboarding.checklist import build, render
from onboarding.cli import main
from onboarding.store import open_store
from onboarding.wizard import Wizard
from tests.helpers import EXAMPLES, china, overseas, ready_china

CHINA = str(EXAMPLES / "china.yaml")
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
# What a terminal must never receive from a client name: a retitle, a screen clear, a
# hidden hyperlink, a C1 control sequence introducer.
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\x9b31m"
MARKUP = "ACME [/HK] [red]x[/red] [link=https://evil.example]y[/link]"


def one_line_refusal(err: str, *needles: str) -> None:
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


pytestmark = pytest.mark.usefixtures("existing_key")  # stderr holds just the lines checked


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    return ["--db", f"sqlite:///{tmp_path / 'portfolio.db'}"]


@pytest.fixture
def any_db(store_url: str) -> list[str]:
    """SQLite and, when a server runs, PostgreSQL (where a NUL once failed as a store error)."""
    return ["--db", store_url]


# -- 1, 4, 5: YAML and JSON tricks -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (ALIAS_BOMB, "aliases"),
        ("version: !!int x\n", "tags (!!int)"),
        ("version: !!float x\n", "tags (!!float)"),
        ("version: 1\nverification: {requested: !!bool maybe}\n", "tags (!!bool)"),
        ("version: 1\nclient: !!binary QUNNRQ==\n", "tags (!!binary)"),
        ("version: 1\nextra: !!set {a, b}\n", "tags (!!set)"),
        ("version: 1\n? !!binary QUNNRQ==\n: x\n", "tags (!!binary)"),
        ("version: 1\n? [a, b]\n: x\n", "a key must be text"),
        ("version: " + "9" * 5000 + "\n", "5,000 digits"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML"),
        ("a:\n" + "".join(" " * i + "-\n" for i in range(1, 40)), "nested more than"),
        ("a: .nan\n", "not a number"),
        ('a: "\\ud800"\n', "not valid YAML"),
        ("client: A\x1bB\n", "U+001B"),
    ],
)
def test_yaml_tricks_are_refused_in_one_line(
    tmp_path: Path, db: list[str], capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    for command in (["validate"], [*db, "import"], ["checklist"]):
        assert main([*command, str(path)]) == 2, command
        captured = capsys.readouterr()
        one_line_refusal(captured.err, needle)
        assert "\x1b" not in captured.err
    assert open_store(db[1]).list() == []


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"version": ' + "1" * 5000 + "}", "5,000 digits"),
        ('{"a": ' + "[" * 5000 + "]" * 5000 + "}", "nested more than"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"client": "\\ud800"}', "unpaired surrogate"),
    ],
)
def test_json_tricks_are_refused_in_one_line(
    tmp_path: Path, db: list[str], capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    for command in (["validate"], [*db, "import"]):
        assert main([*command, str(path)]) == 2
        one_line_refusal(capsys.readouterr().err, needle)


def test_keys_are_taken_as_written_like_json() -> None:
    """`on:` is not True and `1:` not an integer: YAML and JSON give the same document."""
    data = parse_answers("on: 1\n1: 2\n2026-01-01: x\nnull: y\n")
    assert data == {"on": 1, "1": 2, "2026-01-01": "x", "null": "y"}
    assert all(isinstance(key, str) for key in data)


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nclient: '[red]x'\nextra: {a: [1, 2]}\n",
        "version: 1.0\nclient: yes\n",
        "version: 1\nclient: A\nentity: china\noperators: [{name: '', term: long}]\n",
        "version: 1\n'2026-01-01': x\n",
    ],
)
def test_validate_and_import_agree(tmp_path: Path, db: list[str], text: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == main([*db, "import", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_validate_and_import_agree_on_a_valid_yaml_document(
        tmp_path: Path, db: list[str]) -> None:
    data = china()
    data["version"] = 1.0  # a float the literal accepts: stored and exported as given
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(data, default=str))
    assert main(["validate", str(path)]) == main([*db, "import", str(path)]) == 0


# -- 6: special files ---------------------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "onboarding", "validate", str(fifo)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    one_line_refusal(done.stderr, "not a regular file")


def test_dev_zero_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/dev/zero"]) == 2
    one_line_refusal(capsys.readouterr().err, "not a regular file")


def test_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    one_line_refusal(capsys.readouterr().err, "is a directory")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("version: 1\n# " + "x" * MAX_BYTES + "\n")
    assert main(["validate", str(big)]) == 2
    one_line_refusal(capsys.readouterr().err, "larger than 1 MB")
    just = tmp_path / "just.yaml"  # just under the limit: read
    just.write_text("# x\n" * ((MAX_BYTES - 100) // 4) + "version: 1\n")
    assert load_answers(just) == {"version": 1}


# -- 11: control characters in every text field -------------------------------------------

CHINA_TEXT = ["client", "organization.name", "organization.registration_number", "admin.name",
              "admin.id_number", "admin.mobile", "email", "profile.name",
              "profile.introduction", "profile.operating_area", "operators[0].name",
              "operators[0].wechat_id"]
OVERSEAS_TEXT = ["organization.name", "organization.registration_number",
                 "admin.passport_number", "admin.mobile"]


def _set(data: dict, path: str, value: str) -> None:
    node = data
    parts = path.replace("[0]", ".0").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    node[parts[-1]] = value


def _get(data: dict, path: str) -> str:
    node = data
    for part in path.replace("[0]", ".0").split("."):
        node = node[int(part)] if part.isdigit() else node[part]
    return str(node)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\n", "\x7f", "\x9b", "\u2028", "\u202e",
                                  "\u200b"])
@pytest.mark.parametrize(("base", "path"), [(china, p) for p in CHINA_TEXT]
                         + [(overseas, p) for p in OVERSEAS_TEXT])
def test_control_characters_are_a_field_error(base: object, path: str, char: str) -> None:
    data = base()  # type: ignore[operator]
    value = _get(data, path)
    _set(data, path, value[:2] + char + value[2:])
    errors = forms.validate(data).errors
    assert [i.path for i in errors] == [path]
    assert "control character" in errors[0].message
    assert char not in str(errors[0])


def test_nul_in_a_client_name_is_refused_by_import(tmp_path: Path, any_db: list[str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = any_db
    data = china()
    data["client"] = "A\u0000B"
    path = tmp_path / "nul.json"
    path.write_text(json.dumps(data, default=str))
    assert main(["validate", str(path)]) == 1
    assert main([*db, "import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "client: contains a control character or line break (U+0000)" in out
    assert "\x00" not in out


def test_a_client_name_has_the_wizard_s_length_limit_at_import(
        tmp_path: Path, db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A 100,000-character name was imported and filled the TUI's status line (issue 25)."""
    from forms import rulebook

    data = china()
    data["client"] = "L" * 100_000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, default=str))
    assert main([*db, "import", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"client: at most {rulebook.CLIENT_MAX} characters" in out and len(out) < 500
    data["client"] = "L" * rulebook.CLIENT_MAX
    path.write_text(json.dumps(data, default=str))
    assert main([*db, "import", str(path)]) == 0
    wizard = Wizard({})  # the wizard's first step says the same
    issues = wizard.submit({"client": "L" * 100_000, "entity": "china"})
    assert [i.path for i in issues] == ["client"] and "at most" in issues[0].message


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\ufeff", "\u2060"])
def test_zero_width_and_bidi_characters_are_refused_in_answers(char: str) -> None:
    data = china()
    data["client"] = f"Lotus{char}Tea"
    errors = forms.validate(data).errors
    assert [i.path for i in errors] == ["client"] and "control character" in errors[0].message


# -- 13: dates are ISO days only -----------------------------------------------------------


@pytest.mark.parametrize("value", [1795046400, "1795046400", 20261120, "20261120", 1.5, True])
def test_a_number_is_not_a_date(value: object) -> None:
    data = china()
    data["verification"]["registered_on"] = value
    errors = forms.validate(data).errors
    assert [str(i) for i in errors] == [
        "verification.registered_on: must be a date like 2026-11-25 (YYYY-MM-DD)"]


# -- 9: ID arguments -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["99999999999999999999", "²", "١", "0", "-1", "2147483648",
                                  "3000000000", "1.0", " 1", "0x1", "1_0", "+1"])
@pytest.mark.parametrize("command", ["show", "export", "remove", "mark", "resume"])
def test_odd_ids_are_a_one_line_usage_error(db: list[str], capsys: pytest.CaptureFixture[str],
                                            text: str, command: str) -> None:
    argv = [*db, command, "--", text] + (["registered"] if command == "mark" else [])
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    one_line_refusal(capsys.readouterr().err, "is not a registration ID")


def test_checklist_of_an_odd_id_reads_it_as_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("²", "١", "99999999999999999999"):
        assert main(["checklist", text]) == 2
        one_line_refusal(capsys.readouterr().err, "no such file")


def test_the_largest_id_is_looked_up(any_db: list[str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*any_db, "show", "2147483647"]) == 1
    one_line_refusal(capsys.readouterr().err, "no registration with ID 2147483647")


# -- 10: the Markdown checklist escapes everything from the answers ------------------------

# An image, a link or raw HTML that a Markdown renderer would act on (not backslashed).
UNESCAPED = re.compile(r"(?<!\\)(!\[|\]\(|<img|<iframe|</iframe|<script)")


def test_markdown_checklist_escapes_the_answers() -> None:
    data = ready_china()  # every step, every answer on the page
    data["client"] = "## Pay the fee to IBAN DE00 0000"
    data["organization"]["name"] = "![](https://evil.example/t.png) <img src=x onerror=alert(1)>"
    data["operators"][0]["name"] = "<iframe src=https://evil.example></iframe> | * _x_ [a](b)"
    data["profile"]["operating_area"] = "- 1. > # ---"
    result = forms.validate(data)
    assert result.ok, result.errors
    text = render(build(result.registration), "md")
    lines = text.splitlines()
    assert not any(line.startswith("## Pay") for line in lines)
    assert UNESCAPED.findall(text) == []
    assert "\\## Pay the fee to IBAN" in text
    # the operator stays one task item: its name is text inside it
    row = next(line for line in lines if "iframe" in line)
    assert row.startswith("- [ ] Operator: **\\<iframe src=https\\://evil\\.example>\\</iframe>")


def test_markdown_checklist_keeps_its_lines_whatever_a_value_holds() -> None:
    result = forms.validate(ready_china())
    checklist = build(result.registration)
    forged = dataclasses.replace(checklist, client="Lotus\n# Forged heading\n<script>")
    text = render(forged, "md")
    assert "\n# Forged" not in text and UNESCAPED.findall(text) == []
    assert "**Lotus\\\\x0a# Forged heading\\\\x0a\\<script>** · prepared" in text


# -- 2: names shown as text in every command ----------------------------------------------


def _import_named(tmp_path: Path, db: list[str], client: str) -> None:
    data = china()
    data["client"] = client
    path = tmp_path / "named.json"
    path.write_text(json.dumps(data, default=str))
    assert main([*db, "import", str(path)]) == 0


@pytest.mark.parametrize("colour", [False, True])
def test_markup_in_a_client_name_is_text(tmp_path: Path, any_db: list[str], colour: bool,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = any_db
    if colour:
        monkeypatch.setenv("FORCE_COLOR", "1")
    _import_named(tmp_path, db, MARKUP)
    for argv in (["list"], ["deadlines"], ["show", "1"], ["export", "1"],
                 ["mark", "1", "registered", "--on", "2026-11-20"]):
        assert main([*db, *argv]) == 0, argv
        captured = capsys.readouterr()
        assert MARKUP in captured.out.replace("\n", " ") or "ACME [/HK]" in captured.out, argv
        assert "\x1b]8" not in captured.out


def test_escape_sequences_in_stored_names_are_shown_escaped(
        tmp_path: Path, db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A draft saved by the wizard (or an older release) can hold anything: every command
    prints it with its control characters escaped."""
    store = open_store(db[1])
    store.save_draft(Wizard({"client": f"Evil{ESCAPES}", "entity": "china"}).state())
    runs = [["list"], ["list", "--json"], ["deadlines"], ["show", "1"], ["export", "1"],
            ["checklist", "1"], ["mark", "1", "registered"], ["remove", "1", "--yes"]]
    for argv in runs:
        main([*db, *argv])
        captured = capsys.readouterr()
        both = captured.out + captured.err
        for raw in ("\x1b", "\x07", "\x9b"):
            assert raw not in both, (argv, both)
        if argv[0] in ("list", "show", "remove"):
            assert "Evil" in both and "\\x1b]0;pwned" in both.replace("\\u001b", "\\x1b"), both


def test_import_prints_the_name_as_text(tmp_path: Path, db: list[str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _import_named(tmp_path, db, "[bold]Lotus[/bold]")
    assert "imported as #1 ([bold]Lotus[/bold])" in capsys.readouterr().out


def test_printable_shows_every_control_character() -> None:
    assert printable("a\x1b[2Jb\x00\n\u202e") == "a\\x1b[2Jb\\x00\\x0a\\u202e"
    assert printable("莲花 [b] é") == "莲花 [b] é"


# -- 3: output files -----------------------------------------------------------------------


def test_export_never_replaces_the_store(tmp_path: Path, db: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*db, "import", CHINA]) == 0
    store_file = tmp_path / "portfolio.db"
    before = store_file.read_bytes()
    for force in ([], ["--force"]):
        for name in ("portfolio.db", "portfolio.db-wal", "./portfolio.db"):
            argv = ["export", "1", "-o", str(tmp_path / name), "--format", "yaml", *force]
            assert main([*db, *argv]) == 2
            one_line_refusal(capsys.readouterr().err, "the portfolio's store")
        cwd = Path.cwd()
        os.chdir(tmp_path)
        try:
            assert main([*db, "export", "1", "-o", "portfolio.db", "--format", "json",
                         *force]) == 2
        finally:
            os.chdir(cwd)
        capsys.readouterr()
    assert store_file.read_bytes() == before


def test_the_default_store_is_protected_too(tmp_path: Path, private_data_dir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", CHINA]) == 0
    default = private_data_dir / "onboarding" / "portfolio.db"
    before = default.read_bytes()
    assert main(["checklist", CHINA, "-o", str(default), "--format", "md", "--force"]) == 2
    assert main(["deadlines", "--ics", str(default), "--force"]) == 2
    assert default.read_bytes() == before


@pytest.mark.parametrize(("argv", "name"), [(["export", "1", "-o"], "out.yaml"),
                                            (["checklist", "1", "-o"], "out.md"),
                                            (["deadlines", "--ics"], "out.ics")])
def test_outputs_never_follow_a_symlink(tmp_path: Path, db: list[str], argv: list[str],
                                        name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*db, "import", CHINA]) == 0
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / name
    link.symlink_to(target)
    for force in ([], ["--force"]):
        assert main([*db, *argv, str(link), *force]) == 2
        one_line_refusal(capsys.readouterr().err, "symbolic link")
    assert target.read_text() == "keep me" and link.is_symlink()


@pytest.mark.parametrize(("argv", "name"), [(["export", "1", "-o"], "out.yaml"),
                                            (["checklist", "1", "-o"], "out.md"),
                                            (["deadlines", "--ics"], "out.ics")])
def test_outputs_replace_a_file_only_with_force(tmp_path: Path, db: list[str], argv: list[str],
                                                name: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*db, "import", CHINA]) == 0
    out = tmp_path / name
    out.write_text("old")
    assert main([*db, *argv, str(out)]) == 2
    one_line_refusal(capsys.readouterr().err, "already exists; add --force")
    assert out.read_text() == "old"
    assert main([*db, *argv, str(out), "--force"]) == 0
    assert out.read_text() != "old"
    assert capsys.readouterr().err.startswith(f"wrote {out}")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_failed_write_leaves_the_old_file_and_no_leftovers(
        tmp_path: Path, db: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*db, "import", CHINA]) == 0
    out = tmp_path / "out.yaml"
    out.write_text("old")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert main([*db, "export", "1", "-o", str(out), "--force"]) == 2
    one_line_refusal(capsys.readouterr().err, "No space left on device")
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml", "portfolio.db"]


def test_an_exported_answers_file_is_private(tmp_path: Path, db: list[str]) -> None:
    assert main([*db, "import", CHINA]) == 0
    out = tmp_path / "lotus.yaml"
    assert main([*db, "export", "1", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert yaml.safe_load(out.read_text())["admin"]["id_number"] == "310104199001011233"


def test_a_name_from_an_older_store_is_text_in_tables_and_calendars(
        tmp_path: Path, db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A release before these checks could store a registration whose client name holds
    escape sequences; every output still shows them escaped."""
    import sqlite3

    assert main([*db, "import", CHINA]) == 0
    with sqlite3.connect(tmp_path / "portfolio.db") as conn:
        conn.execute("UPDATE registrations SET client = ?", (f"Lotus{ESCAPES}",))
    ics = tmp_path / "due.ics"
    for argv in (["list"], ["deadlines"], ["deadlines", "--json"], ["show", "1"],
                 ["deadlines", "--ics", str(ics)], ["checklist", "1", "--format", "html"]):
        assert main([*db, *argv]) == 0, argv
        captured = capsys.readouterr()
        assert "\x1b" not in captured.out + captured.err and "\x07" not in captured.out
    text = ics.read_bytes()
    assert b"\x1b" not in text and b"\x07" not in text and b"Lotus\\\\x1b]0" in text


def test_outputs_never_replace_the_key_file(tmp_path: Path, db: list[str],
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from onboarding.store.crypto import MasterKey

    key = tmp_path / "store.key"
    key.write_text(MasterKey.generate().text())
    key.chmod(0o600)  # owner-only, or it is refused
    before = key.read_bytes()
    monkeypatch.setenv("ONBOARDING_KEY_FILE", str(key))
    assert main([*db, "import", CHINA]) == 0
    assert main([*db, "export", "1", "-o", str(key), "--format", "yaml", "--force"]) == 2
    one_line_refusal(capsys.readouterr().err, "the portfolio's store")
    assert key.read_bytes() == before


@pytest.mark.parametrize("argv", [["list"], ["key", "show"], ["import", CHINA]])
def test_a_store_name_too_long_is_one_line(argv: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "sqlite:///" + "a" * 300, *argv]) == 2
    one_line_refusal(capsys.readouterr().err, "cannot open the store", "File name too long")


@pytest.mark.parametrize("argv", [["deadlines", "--within", "1"], ["mark", "1", "verified"],
                                  ["list"]])
def test_a_pinned_today_at_the_end_of_the_calendar_is_one_line(
        db: list[str], argv: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert main([*db, "import", str(Path(CHINA).with_name("overseas.yaml"))]) == 0
    capsys.readouterr()
    monkeypatch.setenv("ONBOARDING_TODAY", "9999-12-31")
    assert main([*db, *argv]) == 2
    one_line_refusal(capsys.readouterr().err, "ONBOARDING_TODAY must be a day from")
