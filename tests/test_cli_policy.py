"""The command line's one policy (README "Exit codes and output"), held by every command.

stdout carries what was asked for (a document, a table, a report); stderr carries errors,
refusals and notes such as "wrote FILE", one line each. Exit 0: fine; 1: the registration
or the data asked for has problems (invalid, refused, no such ID or flow); 2: the
command could not run.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from onboarding.cli import COMMANDS, main
from tests.helpers import EXAMPLES, china

CHINA, OVERSEAS = str(EXAMPLES / "china.yaml"), str(EXAMPLES / "overseas.yaml")
README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    return ["--db", f"sqlite:///{tmp_path / 'portfolio.db'}"]


# (argv, exit code, something on stdout, lines on stderr), with registration #1 stored.
POLICY = [
    (["new"], 2, False, 1),
    (["resume", "7"], 1, False, 1),
    (["validate", CHINA, OVERSEAS], 0, True, 0),
    (["validate", "missing.yaml"], 2, False, 1),
    (["checklist", CHINA], 0, True, 0),
    (["checklist", "7"], 1, False, 1),
    (["checklist", "missing.yaml"], 2, False, 1),
    (["schema"], 0, True, 0),
    (["flows"], 0, True, 0),
    (["flows", "mars"], 1, False, 1),
    (["import", OVERSEAS], 0, True, 0),
    (["import", "missing.yaml"], 2, False, 1),
    (["list"], 0, True, 0),
    (["show", "1"], 0, True, 0),
    (["show", "7"], 1, False, 1),
    (["export", "1"], 0, True, 0),
    (["export", "7"], 1, False, 1),
    (["remove", "7", "--yes"], 1, False, 1),
    (["purge", "1", "--yes"], 1, False, 1),  # registered, not verified: still needed
    (["purge", "7", "--yes"], 1, False, 1),
    (["purge", "1"], 1, False, 1),  # not verified: refused before asking for --yes
    (["history", "1"], 0, True, 0),
    (["history", "7"], 1, False, 1),
    (["key", "show"], 0, True, 0),
    (["key", "rotate"], 0, True, 0),
    (["key", "rotate", "-o", "new.key"], 2, False, 1),  # -o is for a key in the environment
    (["mark", "1", "verified", "--on", "2026-11-24"], 0, True, 0),
    (["mark", "7", "registered"], 1, False, 1),
    (["mark", "1", "registered", "--on", "2026-12-31"], 1, False, 1),  # after today: refused
    (["mark", "1", "registered", "--on", "31/12/2026"], 2, False, 1),  # not a date
    (["deadlines"], 0, True, 0),
    (["errors", "40001"], 0, True, 0),
    (["errors", "99999999"], 1, False, 1),
    (["errors", "x"], 2, False, 1),
    (["config"], 0, True, 0),
    (["advise", "--entity", "china", "--media", "no", "--broadcasts", "rarely", "--advanced",
      "yes"], 0, True, 0),
    (["advise", "--entity", "china"], 2, False, 1),  # no terminal to ask the rest on
    (["show", "x"], 2, False, 1),
    (["link", "1"], 0, True, 1),  # the address on stdout, what it opens and until when
    (["link", "7"], 1, False, 1),
    (["link", "1", "--accept"], 1, False, 1),  # no link, nothing sent
    (["link", "1", "--hours", "0"], 2, False, 1),
    (["serve", "--port", "x"], 2, False, 1),
]


def test_the_policy_covers_every_command() -> None:
    assert {argv[0] for argv, *_ in POLICY} == {name.rstrip("_") for name in COMMANDS}


@pytest.mark.parametrize(("argv", "code", "out", "err_lines"), POLICY,
                         ids=[" ".join(a) for a, *_ in POLICY])
def test_every_command_keeps_the_policy(db: list[str], capsys: pytest.CaptureFixture[str],
                                        argv: list[str], code: int, out: bool,
                                        err_lines: int) -> None:
    assert main([*db, "import", CHINA]) == 0
    capsys.readouterr()
    try:
        got = main([*db, *argv])
    except SystemExit as caught:  # argparse refuses bad arguments by exiting
        got = caught.code
    captured = capsys.readouterr()
    assert got == code, captured
    assert bool(captured.out.strip()) == out, captured.out
    assert len(captured.err.splitlines()) == err_lines, captured.err
    assert "Traceback" not in captured.err
    if err_lines:
        assert captured.err.startswith("onboarding"), captured.err


def test_documents_on_stdout_notes_on_stderr(db: list[str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*db, "import", CHINA]) == 0
    capsys.readouterr()
    assert main([*db, "export", "1"]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out)["client"] == "Lotus Tea Shanghai" and not captured.err
    for argv in (["list", "--json"], ["deadlines", "--json"], ["errors", "40001", "--json"]):
        assert main([*db, *argv]) == 0
        json.loads(capsys.readouterr().out)
    out = tmp_path / "lotus.json"
    ics = tmp_path / "due.ics"
    assert main([*db, "export", "1", "-o", str(out)]) == 0
    assert main([*db, "deadlines", "--ics", str(ics), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"wrote {out} (#1 Lotus Tea Shanghai, json)",
                                         f"wrote {ics} (3 events)"]  # submit, verify, operator
    json.loads(captured.out)  # the --json document alone on stdout
    assert json.loads(out.read_text())["client"] == "Lotus Tea Shanghai"
    assert main([*db, "checklist", "1", "-o", "-", "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


# -- one rule for guessing a format from a file name -----------------------------------


@pytest.mark.parametrize(("argv", "name", "starts"), [
    (["export", "1"], "a.json", "{"),
    (["export", "1"], "a.yml", "version: 1"),
    (["export", "1"], "a.YAML", "version: 1"),
    (["checklist", "1"], "a.htm", "<!DOCTYPE html>"),
    (["checklist", "1"], "a.markdown", "# WeChat"),
])
def test_the_format_follows_the_suffix(db: list[str], tmp_path: Path, argv: list[str],
                                       name: str, starts: str) -> None:
    assert main([*db, "import", CHINA]) == 0
    assert main([*db, *argv, "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / name).read_text().startswith(starts)


@pytest.mark.parametrize("argv", [["export", "1"], ["checklist", "1"], ["checklist", CHINA]])
@pytest.mark.parametrize("name", ["a.pdf.docx", "a", "a.docx"])
def test_an_unknown_suffix_is_refused_not_guessed(db: list[str], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  argv: list[str], name: str) -> None:
    assert main([*db, "import", CHINA]) == 0
    assert main([*db, *argv, "-o", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert "cannot tell the format" in err and "give --format" in err
    assert not (tmp_path / name).exists()


# -- validate carries on, reads standard input, warns about missed deadlines -----------


def test_validate_carries_on_past_an_unreadable_file(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [unclosed")
    assert main(["validate", str(bad), CHINA, str(tmp_path / "missing.yaml")]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"{CHINA}: valid"]
    assert len(captured.err.splitlines()) == 2
    assert "not valid YAML" in captured.err and "no such file" in captured.err


def test_validate_reads_standard_input(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(Path(CHINA).read_bytes())))
    assert main(["validate", "-", OVERSEAS]) == 0
    assert capsys.readouterr().out.splitlines() == ["<stdin>: valid", f"{OVERSEAS}: valid"]
    data = china()
    data["email"] = "not an email"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(
        data, default=str).encode())))
    assert main(["validate", "-"]) == 1
    assert capsys.readouterr().out.startswith("<stdin>: email: not a valid email address")


def test_standard_input_is_read_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "-", "-"]) == 2
    assert "can be given once" in capsys.readouterr().err


def test_standard_input_has_the_size_limit(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * 2_000_000)))
    assert main(["validate", "-"]) == 2
    assert "<stdin>: larger than 1 MB" in capsys.readouterr().err


def test_validate_warns_about_a_missed_deadline(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-25")  # verification was due 2026-12-20
    assert main(["validate", CHINA]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{CHINA}: deadlines: warning: Submit the WeChat Verification application (last safe "
        "day): past due since 2026-11-30",
        f"{CHINA}: deadlines: warning: Complete WeChat Verification (微信认证): past due since "
        "2026-12-20",
        f"{CHINA}: valid",
    ]
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-20")  # due today: not missed yet
    assert main(["validate", CHINA]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [f"{CHINA}: valid"]
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-11-30")  # the last safe day: nothing passed
    assert main(["validate", CHINA]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{CHINA}: valid"]


# -- the store: --db after the command, a missing driver -------------------------------


def test_db_is_accepted_after_the_command(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    first, second = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    assert main(["import", CHINA, "--db", first]) == 0
    assert main(["--db", second, "import", OVERSEAS]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--db", first]) == 0
    assert [r["client"] for r in json.loads(capsys.readouterr().out)] == ["Lotus Tea Shanghai"]
    assert main(["--db", first, "list", "--json", "--db", second]) == 0  # the later one wins
    assert [r["client"] for r in json.loads(capsys.readouterr().out)] == [
        "Nordlicht Outdoor GmbH"]


@pytest.mark.parametrize("url", ["postgresql://me:secret@db.example/onboarding",
                                 "postgresql+psycopg://me@db.example/onboarding"])
def test_a_postgresql_url_without_its_driver_says_what_to_install(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as when the extra is not installed
    for argv in (["list"], ["import", CHINA], ["show", "1"]):
        assert main(["--db", url, *argv]) == 2
        err = capsys.readouterr().err
        assert "pip install 'wechat-onboarding[postgres]'" in err, err
        assert len(err.splitlines()) == 1 and "secret" not in err


def test_the_store_itself_says_which_driver_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Said once, where the store is opened: every face (commands, TUI, serve, key) gets the
    same line without checking first."""
    from onboarding.store import StoreError, open_store

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError) as raised:
        open_store("postgresql+psycopg://me:secret@db.example/onboarding")
    said = str(raised.value)
    assert "pip install 'wechat-onboarding[postgres]'" in said and "secret" not in said


def test_the_wizard_on_a_store_without_its_driver_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`onboarding new` opens the store before the screen: its one line, exit 2."""
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["--db", "postgresql+psycopg://me@db.example/x", "new"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'wechat-onboarding[postgres]'" in err and len(err.splitlines()) == 1


def test_another_postgresql_driver_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "postgresql+pg8000://me@db.example/x", "list"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'wechat-onboarding[postgres]'" in err and "postgresql+psycopg" in err


# -- mark --on a day after today: exit 1, as the README says ---------------------------


def test_mark_on_a_future_day_exits_1_as_the_readme_says(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*db, "import", CHINA]) == 0
    assert main([*db, "mark", "1", "registered", "--on", "2027-01-01"]) == 1
    assert "2027-01-01 is after today (2026-11-25)" in capsys.readouterr().err
    assert "a day after today exits 1" in README


def test_the_readme_states_the_policy() -> None:
    for words in ("stdout", "stderr", "--force", "unknown ID", "exit"):
        assert words in README
