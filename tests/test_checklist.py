"""The client's checklist: content, masking, escaping, dates, both formats, the command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from forms import validate
from forms.masking import mask
from forms.registry import STEP
from onboarding.checklist import build, render
from onboarding.checklist.render import markdown_text
from onboarding.cli import main
from onboarding.flow import load_flow
from tests.helpers import EXAMPLES, china, overseas

FULL_ID, PASSPORT = "310104199001011233", "C01X00T47"


def checklist_of(data: dict, fmt: str, **kwargs: object) -> str:
    result = validate(data)
    assert result.ok, result.errors
    return render(build(result.registration, warnings=result.warnings, **kwargs), fmt)


def written(fmt: str, value: str) -> str:
    """`value` as the format writes it: Markdown backslashes its * and _."""
    return markdown_text(value) if fmt == "md" else value


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_ids_are_masked_unless_revealed(fmt: str) -> None:
    text = checklist_of(china(), fmt)
    assert FULL_ID not in text and "+8613912345678" not in text
    assert written(fmt, "310**************3") in text
    assert written(fmt, "+86 *** **** 5678") in text
    assert FULL_ID in checklist_of(china(), fmt, reveal=True)
    text = checklist_of(overseas(), fmt)
    assert PASSPORT not in text and written(fmt, "******T47") in text
    assert mask("passport", PASSPORT) == "******T47"
    assert PASSPORT in checklist_of(overseas(), fmt, reveal=True)


def test_html_escapes_user_text() -> None:
    data = china()
    data["client"] = "<script>alert(1)</script> & Co"
    text = checklist_of(data, "html")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_required_sections(fmt: str) -> None:
    text = checklist_of(china(), fmt)
    for heading in ("The account", "Have ready before starting", "Step by step",
                    "Fees and dates", "Keep in mind", "Operators plan"):
        assert heading in text
    for warning in ("very difficult or impossible", "owns the account, not the administrator",
                    "going through WeChat Verification again (another 300 RMB a year)",
                    "5 times a month",
                    "must scan a QR code with WeChat to approve adding operators"):
        assert warning in text
    assert "Lotus Tea Shanghai" in text and "Service account (服务号)" in text


@pytest.mark.parametrize("data, entity", [(china(), "china"), (overseas(), "overseas")])
def test_every_step_of_the_path_in_order_with_backend_labels(data: dict, entity: str) -> None:
    text = checklist_of(data, "md")
    text = text[text.index("## Step by step"):]
    path = load_flow(entity).path(data)
    headings = [f"### [ ] {n}. {STEP[s].en} ({STEP[s].zh})"
                for n, s in enumerate(path, 1)]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions) and text.count("### [ ]") == len(path)
    assert "Login email (登录邮箱): **" in text
    assert "Account name (公众号名称): **" in text


def test_china_prepare_list_follows_the_authentication_method() -> None:
    data = china()
    text = checklist_of(data, "md")
    assert "300 RMB yearly WeChat Verification fee" in text
    assert "not used for any other Official Account" in text
    data["authentication"] = "bank_transfer"
    del data["verification"]
    text = checklist_of(data, "md")
    assert "corporate bank account" in text and "within 10 days" in text
    assert "Pay the verification amount from the corporate account" in text
    assert "within 10 days of registering" in text  # no registration date yet: the rule
    data["authentication"] = "legal_representative"
    assert "legal representative" in checklist_of(data, "md")


def test_verification_deadline_is_a_date_when_registered_on_is_known() -> None:
    data = china()
    assert "Complete WeChat Verification (微信认证): **by 2026-12-20**" in checklist_of(data, "md")
    del data["verification"]
    text = checklist_of(data, "md")
    assert "Complete WeChat Verification (微信认证): **within 30 days of registering**" in text
    text = checklist_of(data, "md", registered_on=date(2026, 11, 1))
    assert "**by 2026-12-01**" in text


def test_fees_by_path() -> None:
    assert "300 RMB per year" in checklist_of(china(), "md")
    assert "US$99 per year" in checklist_of(overseas(), "md")
    assert "(another US$99 a year)" in checklist_of(overseas(), "md")
    data = overseas()
    data["verification"]["requested"] = False
    text = checklist_of(data, "md")
    assert "No fee" in text and "US$99 per year" not in text
    assert "- [ ] Optional, later: WeChat Verification (US$99 a year)" in text


def test_operators_plan_with_expiry_and_needs() -> None:
    text = checklist_of(china(), "md")
    row = "| [ ] 李伟 | liwei-shop | Short-term (one month) (短期运营者) | 2026-11-21 | 2026-12-21"
    assert row in text
    assert "a personal WeChat account with a bank card bound to it" in text
    data = china()
    data["operators"] = []
    assert "No operators planned yet" in checklist_of(data, "md")


def test_business_number_warning_reaches_the_checklist() -> None:
    data = overseas()
    data["region"] = "FR"
    data["organization"]["registration_number"] = "12345"
    text = checklist_of(data, "md")
    assert "organization.registration\\_number:" in text  # Markdown-escaped: literal _


def test_html_is_a_printable_a4_page() -> None:
    text = checklist_of(china(), "html")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "@page { size: A4" in text and "break-before: page" in text
    assert text.count("☐") >= 10


def test_unknown_format() -> None:
    result = validate(china())
    with pytest.raises(ValueError, match="unknown checklist format"):
        render(build(result.registration), "pdf")


# -- the command ----------------------------------------------------------------------


def test_command_writes_html_by_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lotus.html"
    assert main(["checklist", str(EXAMPLES / "china.yaml"), "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert f"wrote {out} (html)" in capsys.readouterr().err
    out = tmp_path / "lotus.md"
    assert main(["checklist", str(EXAMPLES / "china.yaml"), "-o", str(out)]) == 0
    assert out.read_text().startswith("# WeChat Official Account registration")


def test_command_markdown_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklist", str(EXAMPLES / "overseas.yaml"), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# WeChat Official Account registration") and PASSPORT not in out
    assert main(["checklist", str(EXAMPLES / "overseas.yaml"), "--reveal"]) == 0
    assert PASSPORT in capsys.readouterr().out


def test_command_refuses_an_invalid_registration(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "broken.html"
    assert main(["checklist", str(EXAMPLES / "broken.yaml"), "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "email: not a valid email address" in err and "no checklist written" in err


def test_command_unreadable_file_and_folder(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklist", str(tmp_path / "missing.yaml")]) == 2
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(china(), default=str))
    assert main(["checklist", str(answers), "-o", str(tmp_path / "no" / "x.md")]) == 2
    assert "cannot write" in capsys.readouterr().err
