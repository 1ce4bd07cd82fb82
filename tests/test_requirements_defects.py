"""Issue 22: after registration, one requirements model that never contradicts itself.

Each test here failed before the requirements model (`forms/requirements.py`) and the fixes
around it: the CLI on the examples, as a consultant runs it on a frozen day.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from onboarding.cli import main
from tests.helpers import EXAMPLES, china, china_account, overseas

CHINA = str(EXAMPLES / "china.yaml")
CHECKED = "2026-12-05"  # china.yaml registered 2026-11-20: the last safe day 2026-11-30 passed
PAST = "past due since 2026-11-30"


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    return ["--db", f"sqlite:///{tmp_path / 'portfolio.db'}"]


def run(db: list[str], *args: str) -> int:
    return main([*db, *args])


def written(tmp_path: Path, name: str, data: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(json.loads(json.dumps(data, default=str)),
                                   allow_unicode=True))
    return str(path)


# -- A passed date shown as a to-do ---------------------------------------------------------


def test_every_view_says_the_passed_last_safe_day_is_past_due(
        db: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    monkeypatch.setenv("ONBOARDING_TODAY", CHECKED)
    capsys.readouterr()
    assert run(db, "show", "1") == 0
    shown = capsys.readouterr().out
    assert f"Submit the WeChat Verification application (last safe day): {PAST}" in shown
    assert "status:     overdue" in shown
    assert run(db, "checklist", "1") == 0
    checklist = capsys.readouterr().out
    assert f"Submit the WeChat Verification application (last safe day): **{PAST}**" in checklist
    assert "by 2026-11-30" not in checklist
    for within in ([], ["--within", "0"]):
        assert run(db, "deadlines", *within) == 0
        lines = capsys.readouterr().out.splitlines()
        assert PAST in lines[1] and "Submit the WeChat Verification" in lines[1]  # first
    assert run(db, "list") == 0
    listed = capsys.readouterr().out.splitlines()[1]
    assert "overdue" in listed and PAST in listed


def test_past_due_is_said_in_chinese_everywhere(
        db: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    monkeypatch.setenv("ONBOARDING_TODAY", CHECKED)
    capsys.readouterr()
    for command in (["show", "1"], ["deadlines"], ["deadlines", "--within", "0"], ["list"],
                    ["checklist", "1"]):
        assert run(db, "--lang", "zh", *command) == 0
        assert "自2026-11-30起逾期" in capsys.readouterr().out, command


def test_the_calendar_file_lists_the_past_due_requirement(
        db: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from icalendar import Calendar

    run(db, "import", CHINA)
    monkeypatch.setenv("ONBOARDING_TODAY", CHECKED)
    ics = tmp_path / "due.ics"
    assert run(db, "deadlines", "--within", "0", "--ics", str(ics)) == 0
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events] == ["2026-11-30"]


# -- Verified without requesting verification -----------------------------------------------


def _not_requested() -> dict[str, Any]:
    data = china()
    data["authentication"] = "legal_representative"
    data["verification"] = {"requested": False, "registered_on": "2026-11-20"}
    return data


def test_verified_but_not_requested_is_an_error_naming_both_fields(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _not_requested()
    data["lifecycle"] = {"registered_on": "2026-11-20", "verified_on": "2026-11-24"}
    assert main(["validate", written(tmp_path, "a.yaml", data)]) == 1
    out = capsys.readouterr().out
    assert "verification.requested" in out and "lifecycle.verified_on" in out


def test_verified_without_the_requested_answer_is_requested() -> None:
    import forms

    data = china()
    data["authentication"] = "legal_representative"
    data["verification"] = {"registered_on": "2026-11-20"}
    data["lifecycle"] = {"registered_on": "2026-11-20", "verified_on": "2026-11-24"}
    result = forms.validate(data)
    assert result.ok, result.issues
    assert result.registration.verification_requested


def test_mark_verified_refuses_a_registration_that_did_not_request_it(
        db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", written(tmp_path, "a.yaml", _not_requested()))
    capsys.readouterr()
    assert run(db, "mark", "1", "verified", "--on", "2026-11-24") == 1
    err = capsys.readouterr().err
    assert "verification.requested" in err and "lifecycle.verified_on" in err


# -- Bank transfer overdue forever ----------------------------------------------------------


def _bank_transfer(tmp_path: Path) -> str:
    data = china()
    data["authentication"] = "bank_transfer"
    data["verification"] = {"requested": True, "registered_on": "2026-11-20"}
    return written(tmp_path, "bank.yaml", data)


def test_a_verified_bank_transfer_account_owes_no_payment(
        db: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", _bank_transfer(tmp_path))
    assert run(db, "mark", "1", "verified", "--on", "2026-11-24") == 0
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-23")
    capsys.readouterr()
    assert run(db, "show", "1") == 0
    out = capsys.readouterr().out
    assert "Pay the verification amount" not in out and "status:     verified" in out


def test_mark_paid_records_the_payment(db: list[str], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", _bank_transfer(tmp_path))
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-23")
    capsys.readouterr()
    assert run(db, "list", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "overdue"
    assert run(db, "mark", "1", "paid", "--on", "2026-11-27") == 0
    assert "paid on 2026-11-27" in capsys.readouterr().out
    assert run(db, "list", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "registered"
    assert run(db, "export", "1") == 0
    assert "paid_on: 2026-11-27" in capsys.readouterr().out


def test_mark_paid_refuses_where_there_is_nothing_to_pay(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)  # authenticated by WeChat Verification: no transfer
    capsys.readouterr()
    assert run(db, "mark", "1", "paid") == 1
    assert "bank" in capsys.readouterr().err


# -- Verification approved after the 30-day window ------------------------------------------


def test_verification_approved_after_the_window_is_a_warning(
        db: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_TODAY", "2027-01-10")
    data = china()
    data["lifecycle"] = {"registered_on": "2026-11-20", "verified_on": "2027-01-05"}
    assert main(["validate", written(tmp_path, "late.yaml", data)]) == 0
    out = capsys.readouterr().out
    assert "lifecycle.verified_on: warning:" in out and "2026-12-20" in out
    run(db, "import", CHINA)
    capsys.readouterr()
    assert run(db, "mark", "1", "verified", "--on", "2027-01-05") == 0
    captured = capsys.readouterr()
    assert "warning" in captured.err and "2026-12-20" in captured.err


# -- A verified account's checklist ---------------------------------------------------------


def test_a_verified_checklist_says_only_what_is_still_to_do(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    run(db, "mark", "1", "verified", "--on", "2026-11-24")
    capsys.readouterr()
    assert run(db, "checklist", "1") == 0
    out = capsys.readouterr().out
    assert "temporary until verified" not in out
    assert "within 30 days" not in out
    assert "Have ready before starting" not in out
    assert "2027-11-24" in out  # the renewal


# -- Expired short-term operators -----------------------------------------------------------


LATER = "2027-01-10"  # china.yaml's short-term operators added 2026-11-21 ended 2026-12-21


def test_an_expired_short_term_operator_frees_its_place_and_may_come_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import forms

    monkeypatch.setenv("ONBOARDING_TODAY", LATER)
    data = china()
    data["operators"] = [
        {"name": f"Op {n}", "wechat_id": f"short_op{n:02d}", "term": "short",
         "added_on": "2027-01-05"} for n in range(20)]
    data["operators"].append({"name": "Old", "wechat_id": "short_op00", "term": "short",
                              "added_on": "2026-11-21"})  # ended 2026-12-21
    result = forms.validate(data)
    assert result.ok, result.issues
    data["operators"][-1]["added_on"] = "2027-01-01"  # still bound: one too many, and twice
    assert not forms.validate(data).ok


def _sharing(n: int, added_on: str) -> dict[str, Any]:
    data = china_account(n, admin=n, operators=("shared_op",))
    if n == 1:
        data["operators"][0].update(term="short", added_on=added_on)
    return data


def test_expired_operators_do_not_count_across_accounts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_TODAY", LATER)
    files = [written(tmp_path, f"{n}.yaml", _sharing(n, "2026-11-21")) for n in range(1, 7)]
    assert main(["validate", *files]) == 0, capsys.readouterr().out
    capsys.readouterr()
    files[0] = written(tmp_path, "1.yaml", _sharing(1, "2027-01-01"))  # still bound
    assert main(["validate", *files]) == 1
    assert "this WeChat already operates 5 Official Accounts" in capsys.readouterr().out


def test_the_store_counts_only_current_operators(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'p.db'}"]
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-01")
    assert run(db, "import", written(tmp_path, "1.yaml", _sharing(1, "2026-11-21"))) == 0
    for n in range(2, 6):
        assert run(db, "import", written(tmp_path, f"{n}.yaml", _sharing(n, ""))) == 0
    sixth = written(tmp_path, "6.yaml", _sharing(6, ""))
    assert run(db, "import", sixth) == 1  # the short-term operator of #1 is still bound
    monkeypatch.setenv("ONBOARDING_TODAY", LATER)  # its term ended on 2026-12-21
    capsys.readouterr()
    assert run(db, "import", sixth) == 0, capsys.readouterr().out


# -- Renewal --------------------------------------------------------------------------------


def test_the_checklist_tells_the_yearly_renewal(db: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    run(db, "mark", "1", "verified", "--on", "2026-11-24")
    capsys.readouterr()
    run(db, "checklist", "1")
    out = capsys.readouterr().out
    assert "2027-08-24" in out and "2027-11-24" in out  # opens, and by when
    assert "300 RMB" in out and "every year" in out


def test_a_lapsed_verification_is_past_due_on_the_portfolio(
        db: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    run(db, "mark", "1", "verified", "--on", "2026-11-24")
    monkeypatch.setenv("ONBOARDING_TODAY", "2027-12-01")
    capsys.readouterr()
    run(db, "list")
    line = capsys.readouterr().out.splitlines()[1]
    assert "overdue" in line and "past due since 2027-11-24" in line


# -- Government verification fee ------------------------------------------------------------


def test_a_government_checklist_asks_no_fee(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = china()
    data["organization"]["type"] = "government"
    assert main(["checklist", written(tmp_path, "gov.yaml", data)]) == 0
    out = capsys.readouterr().out
    assert "pay the fee" not in out
    assert "agency guides" in out  # the waiver's source is said, as the rulebook says it


# -- Names and email ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["微信茶业", "LotusWeChat", "腾讯莲花", "TencentTea", "weixinTea"])
def test_a_name_with_a_mark_wechat_reserves_is_warned(tmp_path: Path, name: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = china()
    data["profile"]["name"] = name
    assert main(["validate", written(tmp_path, "a.yaml", data)]) == 0
    out = capsys.readouterr().out
    assert "profile.name: warning:" in out


def test_the_checklist_says_the_name_and_email_rules(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = china()
    del data["verification"]  # not registered yet: the checklist to register with
    assert main(["checklist", written(tmp_path, "ready.yaml", data)]) == 0
    out = capsys.readouterr().out
    assert "unique" in out and "infringement" in out
    assert "personal WeChat" in out and "Mini Program" in out


# -- Advisor --------------------------------------------------------------------------------


def test_the_advisor_no_longer_says_a_subscription_account_never_gets_wechat_pay() -> None:
    from forms.advisor import Advice, advise

    for media in (False, True):
        advice = Advice(media=media, broadcasts="often", advanced=True)
        text = " ".join(advise("china", advice).reasons)
        assert "never" not in text
        assert "government or media" in text


# -- purge and checklist suffixes -----------------------------------------------------------


def test_purge_of_an_unverified_registration_refuses_at_once(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    run(db, "import", CHINA)
    capsys.readouterr()
    assert run(db, "purge", "1") == 1  # no --yes, stdin no terminal: refused for what it is
    err = capsys.readouterr().err
    assert "not verified yet" in err and "--yes" not in err


def test_an_unknown_checklist_suffix_names_the_formats(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        raise SystemExit(main(["checklist", CHINA, "-o", str(tmp_path / "x.docx")]))
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "HTML (.html, .htm), Markdown (.md, .markdown, .txt) or PDF (.pdf)" in err
    assert not (tmp_path / "x.docx").exists()


def test_overseas_stays_as_it_was(db: list[str], capsys: pytest.CaptureFixture[str],
                                  tmp_path: Path) -> None:
    run(db, "import", written(tmp_path, "o.yaml", overseas()))
    capsys.readouterr()
    run(db, "list", "--json")
    row = json.loads(capsys.readouterr().out)[0]
    assert row["status"] == "registered" and row["next_deadline"] is None
