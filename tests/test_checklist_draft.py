"""A draft's checklist: what to have ready for its path so far and the steps ahead, with
blanks where answers are still to come; a wrong answer still gets none (one rule, the
engine's: `onboarding.checklist.checklist_for`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onboarding.checklist import NotReady, checklist_for, from_answers, render
from onboarding.checklist.text import Blank, plain
from onboarding.cli import main
from onboarding.wizard import Wizard
from tests.helpers import china, overseas


def early_china() -> dict:
    """A China client after the first meeting: the company known, nothing about the
    administrator, the account or the method yet."""
    data = china()
    for key in ("admin", "authentication", "profile", "verification", "operators"):
        del data[key]
    return data


def written(tmp_path: Path, data: dict, name: str = "draft.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False))
    return path


def test_an_incomplete_answers_file_gets_the_checklist_to_prepare_with(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = written(tmp_path, early_china())
    assert main(["checklist", str(source), "--format", "md"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (f"{source}: still a draft: the checklist says what to prepare and "
                            "the steps ahead\n")
    text = captured.out
    assert "To prepare: this registration is still being filled in" in text
    assert "## The steps ahead (注册步骤)" in text and "Step by step" not in text
    # what is known is printed, what is not is a line to write on
    assert "`91310115MA1H7GXX0A`" in text and "`wechat@lotustea.cn`" in text
    assert "The administrator, \\_\\_\\_\\_\\_\\_\\_\\_, available during registration" in text
    assert "- Account name (公众号名称): **\\_\\_\\_\\_\\_\\_\\_\\_**" in text
    # the method is still to choose: what each would mean, the fee if requested
    assert "The authentication method, chosen with the client (WeChat Verification costs " \
        "300 RMB per application): WeChat Verification (微信认证) as the authentication " \
        "method: finished within 30 days of registering" in text
    assert "WeChat Verification (微信认证), if requested: 300 RMB per application" in text
    assert "No dates yet: the deadlines count from the day the account is registered." in text
    for n, step in enumerate(("Account type", "Email", "Region", "Organization & admin",
                              "Authentication", "Profile", "Verification", "Operators"), 1):
        assert f"### {n}. {step} (" in text


def test_a_wrong_answer_still_refuses_with_only_what_is_wrong(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = early_china()
    data["email"] = "wechat-at-lotustea.cn"
    source = written(tmp_path, data)
    out = tmp_path / "draft.md"
    assert main(["checklist", str(source), "-o", str(out)]) == 1
    assert not out.exists()
    assert capsys.readouterr().err.splitlines() == [
        f"{source}: email: not a valid email address: an email address must have an @-sign",
        f"{source}: fix these errors first; no checklist written",
    ]  # no "required" lines: what is not given yet is not an error of a draft


def test_the_prepare_checklist_follows_the_choices_made_so_far() -> None:
    data = early_china()
    data["authentication"] = "wechat_verification"
    checklist = checklist_for(from_answers(data))
    assert checklist.kind == "prepare"
    dates = {d.title: plain(d.when) for d in checklist.dates}
    assert dates == {  # rules until the account is registered, from forms.schedule
        "Submit the WeChat Verification application (last safe day)":
            "15 working days before the verification deadline",
        "Complete WeChat Verification (微信认证)": "within 30 days of registering",
    }
    assert [plain(f) for f in checklist.fees] == [
        "WeChat Verification (微信认证): 300 RMB per application, not refunded if the review "
        "fails"]
    verification = next(s for s in checklist.steps if s.id == "verification")
    assert {r.en: plain(r.value) for r in verification.rows}["Finish"] == \
        "within 30 days of registering"
    essentials = {r.en: r.value for r in checklist.essentials}
    assert plain(essentials["Authentication method"]) == "WeChat Verification (微信认证)"
    assert essentials["Account name"] == (Blank(),)


def test_a_government_draft_is_told_the_fee_is_waived() -> None:
    data = early_china()
    data["organization"]["type"] = "government"
    checklist = checklist_for(from_answers(data))
    assert "none (agency guides say WeChat waives it for a government organization" in plain(
        checklist.fees[0])


def test_a_draft_without_a_path_gets_what_both_paths_need() -> None:
    checklist = checklist_for(Wizard({"client": "Maple Leaf"}))
    assert checklist.kind == "prepare" and checklist.steps == ()
    assert "who holds it decides the path" in plain(checklist.prepare[0])
    text = render(checklist, "html")
    assert "The steps follow from the path: choose it first" in text
    assert "Subscription or Service" not in text  # no China-only advice before the path


def test_an_overseas_draft_asks_whether_to_verify() -> None:
    data = overseas()
    del data["verification"], data["admin"]
    checklist = checklist_for(from_answers(data))
    assert checklist.kind == "prepare"
    text = "\n".join(plain(item) for item in checklist.prepare)
    assert "Whether to request WeChat Verification (US$99 per application)" in text
    assert "RMB" not in render(checklist, "md")


def test_a_finished_registration_gets_the_whole_checklist() -> None:
    assert checklist_for(from_answers(china())).kind == "registration"
    data = china()
    data["admin"]["mobile"] = "+1 415 555 0100"
    with pytest.raises(NotReady) as refused:
        checklist_for(from_answers(data))
    assert [i.path for i in refused.value.errors] == ["admin.mobile"]


@pytest.mark.parametrize("where", ["operators", "admin"])
def test_a_typo_inside_a_part_refuses_the_checklist_as_validate_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    """A key no path asks (a typo) inside an operator or the administrator was dropped on
    the way to the checklist, which was then written for a file `validate` refuses."""
    data = china()
    part = data["operators"][0] if where == "operators" else data["admin"]
    part["nickname"] = "kimmy"
    source = written(tmp_path, data, "typo.json")
    assert main(["validate", str(source)]) == 1
    said = capsys.readouterr()
    typo = next(line for line in (said.out + said.err).splitlines() if "nickname" in line)
    assert main(["checklist", str(source), "-o", str(tmp_path / "out.md")]) == 1
    assert typo in capsys.readouterr().err.splitlines()
    assert not (tmp_path / "out.md").exists()
