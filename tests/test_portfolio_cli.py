"""The portfolio commands as a consultant runs them: import, list, show, export, remove,
mark, deadlines, checklist ID."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from onboarding.answers import load_answers
from onboarding.cli import main
from onboarding.store import jsonable, open_store
from onboarding.wizard import Wizard
from tests.helpers import EXAMPLES, china, china_account

CHINA, OVERSEAS, BROKEN = (str(EXAMPLES / f) for f in ("china.yaml", "overseas.yaml",
                                                        "broken.yaml"))


@pytest.fixture
def db(store_url: str) -> list[str]:
    """The global option that points every command at the test's store."""
    return ["--db", store_url]


def run(db: list[str], *args: str) -> int:
    return main([*db, *args])


def test_import_adds_valid_and_lists_errors_of_invalid(
    db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "import", CHINA, BROKEN, OVERSEAS) == 1
    out = capsys.readouterr().out
    assert f"{CHINA}: imported as #1 (Lotus Tea Shanghai)" in out
    assert f"{BROKEN}: email: not a valid email address" in out
    assert f"{BROKEN}: not imported" in out
    assert f"{OVERSEAS}: imported as #2" in out
    assert [r.client for r in open_store(db[1]).list()] == [
        "Lotus Tea Shanghai", "Nordlicht Outdoor GmbH"]


def test_import_checks_against_the_store(db: list[str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "import", CHINA) == 0
    assert run(db, "import", CHINA) == 1
    out = capsys.readouterr().out
    assert f"{CHINA}: email: already used by #1 Lotus Tea Shanghai: one email" in out
    assert f"{CHINA}: profile.name: already the name of #1 Lotus Tea Shanghai" in out


def test_import_of_an_unreadable_file_is_a_usage_error(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db, "import", str(tmp_path / "missing.yaml"), CHINA) == 2
    captured = capsys.readouterr()
    assert "missing.yaml: no such file" in captured.err
    assert "imported as #1" in captured.out  # the readable one still goes in


def test_list_plain_when_piped_and_json(db: list[str], capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    run(db, "import", CHINA, OVERSEAS)
    capsys.readouterr()
    assert run(db, "list") == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "Client", "Path", "Progress", "Status", "Next", "deadline"]
    assert lines[1].split()[:7] == ["1", "Lotus", "Tea", "Shanghai", "China", "9/9", "registered"]
    assert "2026-11-30 (in 5 days)" in lines[1]  # the last safe day to submit verification
    assert " Overseas " in lines[2]  # a path by its name, not its code (issue 23)
    assert run(db, "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["next_deadline"] == {
        "title": "Submit the WeChat Verification application (last safe day)",
        "due": "2026-11-30", "days_left": 5, "state": "due"}
    assert [r["status"] for r in rows] == ["registered", "registered"]


def test_list_empty_tells_what_to_do(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "list") == 0
    assert "onboarding new" in capsys.readouterr().out


def test_list_marks_overdue(db: list[str], capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    run(db, "import", CHINA)
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-22")
    run(db, "list", "--json")
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])[0]["status"] == "overdue"


def test_list_fits_80_columns_and_marks_an_unfinished_edit(
        db: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns a row wrapped (82 cells here): the client's name gives way, cut with
    "…", never the next deadline. A registered account with a half-finished edit says so in
    its status, in the portfolio screen's words ('registered ✎'); piped, names stay whole."""
    from rich.cells import cell_len

    run(db, "import", CHINA, OVERSEAS)
    store = open_store(db[1])
    wizard = store.get(1).resume()
    assert wizard.go_to("operators")
    wizard.update({"operators": [*wizard.answers["operators"], {"term": "long"}]})
    store.save_draft(wizard.state(), 1)
    capsys.readouterr()
    monkeypatch.setenv("COLUMNS", "80")
    assert run(db, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80, lines
    assert "registered ✎" in lines[1] and lines[1].rstrip().endswith("2026-11-30 (in 5 days)")
    assert "Nordlicht Outdoor… " in lines[2], lines
    monkeypatch.delenv("COLUMNS")
    assert run(db, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Lotus Tea Shanghai " in lines[1] and "Nordlicht Outdoor GmbH " in lines[2]
    assert "registered ✎" in lines[1]
    assert run(db, "list", "--json") == 0
    assert [row["status"] for row in json.loads(capsys.readouterr().out)] == [
        "registered", "registered"]  # the status itself, for scripts


def test_show_masks_the_id_number(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    capsys.readouterr()
    assert run(db, "show", "1") == 0
    out = capsys.readouterr().out
    assert "310104199001011233" not in out
    assert "310**************3" in out and "status:     registered" in out
    assert "+8613912345678" not in out and "+86 *** **** 5678" in out
    assert run(db, "show", "1", "--reveal") == 0
    assert "310104199001011233" in capsys.readouterr().out


def test_unknown_id_exits_1_and_bad_id_exits_2(db: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("show", "export", "remove"):
        assert run(db, command, "7") == 1
        assert "no registration with ID 7" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        run(db, "show", "seven")
    assert caught.value.code == 2


def test_export_import_round_trip(db: list[str], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA, OVERSEAS)
    for n, fmt in ((1, "yaml"), (2, "json")):
        out = tmp_path / f"{n}.{fmt}"
        assert run(db, "export", str(n), "-o", str(out)) == 0
        if fmt == "yaml":
            assert load_answers(out) == china()
            assert "registered_on: 2026-11-20\n" in out.read_text()  # a plain day, unquoted
        run(db, "remove", str(n), "--yes")
        assert run(db, "import", str(out)) == 0
    store = open_store(db[1])
    exported = [r.answers for r in store.list()]
    assert exported == [jsonable(china()), jsonable(yaml.safe_load(Path(OVERSEAS).read_text()))]


def test_marked_dates_survive_export_and_import(db: list[str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    assert run(db, "mark", "1", "registered", "--on", "2026-11-21") == 0
    assert run(db, "mark", "1", "verified", "--on", "2026-11-24") == 0
    out = tmp_path / "1.yaml"
    assert run(db, "export", "1", "-o", str(out)) == 0
    written = yaml.safe_load(out.read_text())
    assert written["lifecycle"] == {"registered_on": date(2026, 11, 21),
                                    "verified_on": date(2026, 11, 24)}
    assert written["verification"]["registered_on"] == date(2026, 11, 21)  # follows the mark
    assert run(db, "validate", str(out)) == 0
    fresh = ["--db", f"sqlite:///{tmp_path / 'fresh.db'}"]
    assert run(fresh, "import", str(out)) == 0
    (record,) = open_store(fresh[1]).list()
    assert (record.registered_on, record.verified_on) == (date(2026, 11, 21), date(2026, 11, 24))
    assert record.status(date(2026, 11, 25)) == "verified"
    assert record.answers == open_store(db[1]).get(1).answers


def test_export_to_stdout(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    capsys.readouterr()
    assert run(db, "export", "1", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["client"] == "Lotus Tea Shanghai"


def test_remove_asks_unless_yes(db: list[str], capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    run(db, "import", CHINA)
    assert run(db, "remove", "1") == 2  # stdin is not a terminal here
    assert "add --yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert run(db, "remove", "1") == 0
    assert len(open_store(db[1]).list()) == 1
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert run(db, "remove", "1") == 0
    assert open_store(db[1]).list() == []


def test_mark_and_deadlines(db: list[str], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    data = china()
    del data["verification"]
    data["operators"] = data["operators"][:1]
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(data, default=str))
    run(db, "import", str(answers))
    capsys.readouterr()
    assert run(db, "deadlines") == 0
    assert "Nothing due" in capsys.readouterr().out
    assert run(db, "mark", "1", "registered", "--on", "2026-11-01") == 0
    out = capsys.readouterr().out
    assert "registered on 2026-11-01" in out
    assert "next: Submit the WeChat Verification application (last safe day): past due since " \
        "2026-11-10" in out
    assert run(db, "mark", "1", "submitted", "--on", "2026-11-09") == 0
    out = capsys.readouterr().out
    assert "verification submitted on 2026-11-09" in out
    assert "next: Complete WeChat Verification (微信认证): 2026-12-01 (in 6 days)" in out
    ics = tmp_path / "due.ics"
    assert run(db, "deadlines", "--within", "30", "--ics", str(ics)) == 0
    out, err = capsys.readouterr()
    assert out == "" and "(1 event)" in err  # the file, not the table
    from icalendar import Calendar

    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in events] == [
        ("Lotus Tea Shanghai: Complete WeChat Verification (微信认证)", "2026-12-01")]
    assert run(db, "deadlines", "--within", "3") == 0
    assert "Nothing due in the next 3 days" in capsys.readouterr().out
    for days in ("-5", "soon"):
        with pytest.raises(SystemExit) as caught:
            run(db, "deadlines", "--within", days)
        assert caught.value.code == 2
        assert "is not a number of days" in capsys.readouterr().err


def test_mark_refusals_exit_1(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", OVERSEAS)
    assert run(db, "mark", "1", "verified", "--on", "2026-12-31") == 1
    assert "is after today (2026-11-25)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(db, "mark", "1", "verified", "--on", "31/12/2026")


def test_deadlines_json_lists_overdue_first(db: list[str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    for n in (1, 2):
        data = china_account(n, admin=n)
        data["verification"]["registered_on"] = f"2026-10-{n:02d}"
        path = tmp_path / f"{n}.json"
        path.write_text(json.dumps(data, default=str))
        run(db, "import", str(path))
    capsys.readouterr()
    assert run(db, "deadlines", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["client"], r["kind"], r["days_left"], r["state"]) for r in rows] == [
        ("Client 1", "submit_verification", -44, "past_due"),
        ("Client 2", "submit_verification", -44, "past_due"),  # the same working day
        ("Client 1", "verification", -25, "past_due"),
        ("Client 2", "verification", -24, "past_due")]


def test_checklist_of_a_stored_registration(db: list[str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    out = tmp_path / "c.md"
    assert run(db, "checklist", "1", "-o", str(out)) == 0
    assert "Lotus Tea Shanghai" in out.read_text()
    assert run(db, "checklist", "9") == 1
    # never Markdown in a file named .docx: a format it cannot tell is refused
    assert run(db, "checklist", "1", "-o", str(tmp_path / "c.docx")) == 2
    assert not (tmp_path / "c.docx").exists()
    assert "the formats are HTML (.html, .htm)" in capsys.readouterr().err


def test_checklist_of_a_draft_is_one_to_prepare_with(db: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    open_store(db[1]).save_draft(Wizard({"client": "Maple Leaf"}).state())
    assert run(db, "checklist", "1") == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "#1 Maple Leaf: still a draft: the checklist says what to prepare and the steps ahead; "
        "finish it with onboarding resume 1"]
    assert "To prepare: this registration is still being filled in" in captured.out
    assert "The steps follow from the path: choose it first" in captured.out


def test_checklist_of_a_draft_with_a_wrong_answer_is_refused(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    open_store(db[1]).save_draft(Wizard({"client": "Maple Leaf", "entity": "china",
                                         "email": "not an email"}).state())
    assert run(db, "checklist", "1") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "#1 Maple Leaf: email: not a valid email address: an email address must have an "
        "@-sign", "#1 Maple Leaf: fix these errors first; no checklist written"]


def test_a_draft_whose_answers_happen_to_validate_gets_the_prepare_checklist(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A draft at step 0 whose answers are all valid is still a draft (one rule for "draft",
    the wizard's): the checklist to prepare with, not the registration's."""
    open_store(db[1]).save_draft(Wizard(china()).state())
    assert run(db, "checklist", "1") == 0
    captured = capsys.readouterr()
    assert "still a draft" in captured.err and "To prepare" in captured.out
    assert "The steps ahead" in captured.out and "Step by step" not in captured.out


def test_checklist_leaves_out_answers_a_path_change_dropped(
        db: list[str], tmp_path: Path) -> None:
    wizard = Wizard(china())
    wizard.submitted.update(wizard.path)
    wizard.answers["admin"]["passport_number"] = "C01X00T47"  # typed on the overseas path
    store = open_store(db[1])
    store.save_draft(wizard.state())
    out = tmp_path / "c.md"
    assert run(db, "checklist", "1", "-o", str(out)) == 0


def test_store_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("garbage")
    assert main(["--db", f"sqlite:///{bad}", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("onboarding: error: ")


def test_the_tui_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", CHINA]) == 0
    for argv in ([], ["new"], ["resume", "1"]):
        assert main(argv) == 2
        assert "needs a terminal" in capsys.readouterr().err


def test_checklist_of_a_stored_registration_carries_the_portfolios_warnings(
    db: list[str], store_url: str, tmp_path: Path
) -> None:
    store = open_store(store_url)
    for n in range(3):  # one company, three accounts
        store.add(china_account(n, admin=n))
    out = tmp_path / "third.md"
    assert run(db, "checklist", "3", "-o", str(out)) == 0
    assert "this organization already has 2 Official Accounts" in out.read_text()
    first = tmp_path / "first.md"
    assert run(db, "checklist", "1", "-o", str(first)) == 0
    assert "this organization already has" in first.read_text()  # the others count for #1


def test_validate_checks_mobiles_and_organizations_across_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for n in range(6):
        data = china_account(n, admin=n)
        data["admin"]["mobile"] = "+86 139 0000 0001"
        path = tmp_path / f"a{n}.yaml"
        path.write_text(yaml.safe_dump(jsonable(data), allow_unicode=True))
        files.append(str(path))
    assert main(["validate", *files]) == 1
    out = capsys.readouterr().out
    assert f"{files[2]}: organization.registration_number: warning: this organization " \
        "already has 2 Official Accounts" in out
    assert f"{files[2]}: valid" in out  # a warning does not fail the file
    assert f"{files[5]}: admin.mobile: this mobile is already the administrator's number of " \
        "5 Official Accounts" in out


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["Login email (登录邮箱): not a valid email address", "Administrator (管理员信息): "
            "required"]),
    ("zh", ["登录邮箱：不是有效的邮箱地址", "管理员信息：必填"]),
])
def test_show_names_what_a_draft_still_needs_by_its_fields(
        db: list[str], capsys: pytest.CaptureFixture[str], lang: str,
        expected: list[str]) -> None:
    """It once listed answers-file paths ("admin: required") where the wizard says names."""
    store = open_store(db[1])
    store.save_draft(Wizard({"client": "Draft Co", "entity": "china",
                             "email": "bad-at-x"}).state())
    store.close()
    assert run(db, "--lang", lang, "show", "1") == 0
    out = capsys.readouterr().out
    for words in expected:
        assert f"  - {words}" in out, out
    assert "admin:" not in out and "email:" not in out.split("answers")[0].split("答案")[0]


def test_mark_says_a_renewal_opens_on_its_day(db: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """'next: ... opens (年审): 2027-08-24 (in N days)' - news has a day, not a deadline
    ('by'), said as the requirements model says every date on a screen."""
    data = china()
    data["operators"] = []
    open_store(db[1]).add(data)
    assert run(db, "mark", "1", "registered", "--on", "2026-11-21") == 0
    capsys.readouterr()
    assert run(db, "mark", "1", "verified", "--on", "2026-11-24") == 0
    out = capsys.readouterr().out
    assert "Renewal of WeChat Verification opens (年审): 2027-08-24 (in " in out
    assert " by " not in out


@pytest.mark.parametrize("chunk", [500, 2])
def test_import_names_the_accounts_an_administrator_holds_by_their_ids(
        tmp_path: Path, db: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Issue 23: the 6th file of one administrator named the earlier files; once they are
    stored (in this import, in its chunk or an earlier one) they are their IDs, as the
    portfolio names them everywhere."""
    monkeypatch.setattr("onboarding.store.writes.IMPORT_CHUNK", chunk)
    files = []
    for n in range(6):
        path = tmp_path / f"a{n}.yaml"
        path.write_text(yaml.safe_dump(jsonable(china_account(n, admin=1)),
                                       allow_unicode=True))
        files.append(str(path))
    assert main([*db, "import", *files]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "already administers" in line)
    assert line.startswith(f"{files[5]}: admin.id_number: this administrator already "
                           "administers 5 Official "
                           "Accounts (#1 Client 0, #2 Client 1, #3 Client 2, #4 Client 3, "
                           "#5 Client 4); the limit is 5"), line
    assert "a0.yaml" not in line
    assert f"{files[5]}: not imported" in out


def _events(ics: bytes) -> dict[str, tuple[str, str]]:
    from icalendar import Calendar

    events = Calendar.from_ical(ics).walk("VEVENT")
    found = {str(e["uid"]): (str(e["summary"]), e.decoded("dtstart").isoformat())
             for e in events}
    assert len(found) == len(events)  # no two events share a UID
    return found


def test_deadlines_ics_writes_the_file_and_says_so(
        db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23: `deadlines --ics FILE` also printed the table. It writes the file and says
    so; `--ics -` sends the calendar to standard output (never a file named '-')."""
    run(db, "import", CHINA, OVERSEAS)
    capsys.readouterr()
    ics = tmp_path / "due.ics"
    assert run(db, "deadlines", "--ics", str(ics)) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == f"wrote {ics} (3 events)\n"
    assert len(_events(ics.read_bytes())) == 3
    monkey_cwd = tmp_path / "here"
    monkey_cwd.mkdir()
    monkeypatch.chdir(monkey_cwd)
    assert run(db, "deadlines", "--ics", "-") == 0
    out, err = capsys.readouterr()
    assert out.startswith("BEGIN:VCALENDAR") and err == ""
    assert _events(out.encode()) == _events(ics.read_bytes())
    assert list(monkey_cwd.iterdir()) == []
    assert run(db, "--lang", "zh", "deadlines", "--ics", "-") == 0
    summaries = sorted(s for s, _day in _events(capsys.readouterr().out.encode()).values())
    assert summaries[0] == "Lotus Tea Shanghai：完成微信认证"  # punctuated as Chinese


def test_a_calendar_event_keeps_its_uid_whatever_else_is_listed(
        db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 23: a UID held the event's place in the list, so importing the calendar again
    after another registration's deadlines came or went duplicated events. A UID is the
    registration and what it owes (the operator, for an operator's term), nothing else."""
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(jsonable(china_account(2)), allow_unicode=True))
    run(db, "import", CHINA, str(other))
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    assert run(db, "deadlines", "--ics", str(first)) == 0
    before = _events(first.read_bytes())
    assert run(db, "remove", "1", "--yes") == 0  # the China deadlines come first in the list
    assert run(db, "deadlines", "--ics", str(second)) == 0
    after = _events(second.read_bytes())
    assert after and all(before[uid] == event for uid, event in after.items())
    for uid in before:
        assert re.fullmatch(r"[12]-[a-z_]+(-[0-9a-f]{12})?@wechat-onboarding", uid), uid
