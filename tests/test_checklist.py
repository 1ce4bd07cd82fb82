"""The client's checklist: content, masking, escaping, dates, both formats, the command."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from forms import rulebook, validate
from forms.masking import mask
from forms.registry import STEP
from forms.rulebook import Money
from onboarding.checklist import build, render
from onboarding.checklist.render import markdown_text
from onboarding.cli import main
from onboarding.flow import registration_flow
from tests.helpers import EXAMPLES, ready_file
from tests.helpers import china as registered_china
from tests.helpers import ready_china as china  # before registering: every step on the page
from tests.helpers import ready_overseas as overseas

FULL_ID, PASSPORT = "310104199001011233", "C01X00T47"


def checklist_of(data: dict, fmt: str, **kwargs: object) -> str:
    result = validate(data)
    assert result.ok, result.errors
    return render(build(result.registration, warnings=result.warnings, **kwargs), fmt)


def written(fmt: str, value: str) -> str:
    """`value` as the format writes it: Markdown backslashes its * and _."""
    return markdown_text(value) if fmt == "md" else value


def typed(fmt: str, value: str) -> str:
    """A value the client types, as the format sets it apart: a Markdown code span, an
    HTML <code>."""
    return f"`{value}`" if fmt == "md" else f">{value}</code>"


def text_of(page: str) -> str:
    """What a reader of the HTML sees: the words without the tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_ids_are_masked_unless_revealed(fmt: str) -> None:
    text = checklist_of(china(), fmt)
    assert FULL_ID not in text and "+8613912345678" not in text
    assert typed(fmt, "310**************3") in text
    assert typed(fmt, "+86 *** **** 5678") in text
    revealed = checklist_of(china(), fmt, reveal=True)
    assert FULL_ID in revealed
    assert typed(fmt, "+86 139 1234 5678") in revealed and "+8613912345678" not in revealed
    text = checklist_of(overseas(), fmt)
    assert PASSPORT not in text and typed(fmt, "******T47") in text
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
    text = text_of(text) if fmt == "html" else text
    for heading in ("The account", "Have ready before starting", "Step by step",
                    "Fees and dates", "Keep in mind", "Each operator needs"):
        assert heading in text
    for warning in ("very difficult or impossible", "owns the account, not the administrator",
                    "1 new name with each verification, re-verification or annual review",
                    "The fee: 300 RMB per application.",
                    "5 times a month",
                    "confirms sensitive actions by scanning a QR code with WeChat: adding "
                    "operators"):
        assert warning in text
    assert "Lotus Tea Shanghai" in text and "Service account (服务号)" in text


@pytest.mark.parametrize("data, entity", [(china(), "china"), (overseas(), "overseas")])
def test_every_step_of_the_path_in_order_with_backend_labels(data: dict, entity: str) -> None:
    text = checklist_of(data, "md")
    text = text[text.index("## Step by step"):]
    path = [s for s in registration_flow().path(data) if s != "start"]  # a wizard step only
    headings = [f"### {n}. {STEP[s].en} ({STEP[s].zh})\n\n- [ ] "
                f"{markdown_text(STEP[s].backend_action(entity))}" for n, s in enumerate(path, 1)]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions) and text.count("\n### ") == len(path)
    assert "Login email (登录邮箱): **" in text
    assert "Account name (公众号名称): **" in text


def test_china_prepare_list_follows_the_authentication_method() -> None:
    data = china()
    text = checklist_of(data, "md")
    assert "the fee: 300 RMB per application, not refunded if the review fails" in text
    assert "never registered on the WeChat platforms before" in text
    data["authentication"] = "bank_transfer"
    text = checklist_of(data, "md")
    assert "corporate bank account" in text and "within 10 days" in text
    assert "Pay the verification amount from the corporate account" in text
    assert "within 10 days of registering" in text  # no registration date yet: the rule
    data["authentication"] = "legal_representative"
    assert "legal representative" in checklist_of(data, "md")


def test_verification_deadline_is_a_date_when_registered_on_is_known() -> None:
    data = registered_china()
    assert "Complete WeChat Verification (微信认证): **by 2026-12-20**" in checklist_of(data, "md")
    del data["verification"]
    text = checklist_of(data, "md")
    assert "Complete WeChat Verification (微信认证): **within 30 days of registering**" in text
    text = checklist_of(data, "md", registered_on=date(2026, 11, 1))
    assert "**by 2026-12-01**" in text


def test_fees_by_path() -> None:
    assert "300 RMB per application" in checklist_of(china(), "md")
    assert "US$99 per application" in checklist_of(overseas(), "md")
    data = overseas()
    data["verification"]["requested"] = False
    text = checklist_of(data, "md")
    assert "No fee" in text and "US$99 per application" in text
    assert "- [ ] Optional, later: WeChat Verification (US$99 per application)" in text


def test_operators_plan_with_expiry_and_needs() -> None:
    text = checklist_of(china(), "md")
    row = ("- [ ] Operator: **李伟**, WeChat ID `liwei-shop`; Short-term for 1 month (短期运营者); "
           "added 2026-11-21; expires 2026-12-21")
    assert row in text
    assert "a personal WeChat account with a bank card bound to it" in text
    data = china()
    data["operators"] = []
    assert "No operators planned yet" in checklist_of(data, "md")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_overseas_checklist_carries_no_china_only_advice(fmt: str) -> None:
    text = checklist_of(overseas(), fmt)
    text = text_of(text) if fmt == "html" else text
    for china_only in ("Subscription or Service", "Subscription", "RMB", "申请公函",
                       "resident ID", "30 days", "temporary", "a year)", "per year"):
        assert china_only not in text, china_only
    assert "Service account (服务号), the one type open to an overseas entity" in text


def test_fee_sentences_never_call_a_verification_fee_yearly() -> None:
    """Re-verifying (to rename) costs one more application, not another yearly charge."""
    for data in (china(), overseas()):
        text = checklist_of(data, "md")
        assert "a year" not in text.replace("times a month", "")
        assert "another" not in text.lower().replace("another official account", "").replace(
            "choose another,", "")


def test_overseas_without_verification_is_not_told_to_apply_and_pay() -> None:
    data = overseas()
    data["verification"]["requested"] = False
    text = checklist_of(data, "md")
    step = text[text.index("Verification (微信认证)\n"):text.index("### 7.")]
    assert "pay the fee" not in step and "Nothing to do now" in step
    assert "not now (optional, can be requested later)" in step


def test_china_steps_the_article_names() -> None:
    text = checklist_of(china(), "md")
    organization = text[text.index("### 4."):text.index("### 5.")]
    assert "scans the QR code with their WeChat" in organization
    assert "bank card in their own name" in organization
    verification = text[text.index("### 7."):text.index("### 8.")]
    assert "temporary until verified: upload the profile photo and set up the basic settings" \
        in verification
    assert "Submit (提交期限): **15 working days before the verification deadline (last safe " \
        "day)**" in verification  # not registered yet: the rule
    assert "Finish (完成期限): **within 30 days of registering**" in verification
    assert "resubmitted up to 3 times" in verification and "up to 15 working days" in verification
    registered = checklist_of(registered_china(), "md")  # still to do: verification first
    verification = registered[registered.index("### 1."):registered.index("## Keep in mind")]
    assert "Submit (提交期限): **by 2026-11-30 (last safe day)**" in verification
    assert "Finish (完成期限): **by 2026-12-20**" in verification


def test_china_verifying_later_has_the_fee_and_no_window() -> None:
    data = china()
    data["authentication"] = "bank_transfer"
    data["verification"] = {"requested": True}
    text = checklist_of(data, "md")
    assert "300 RMB per application" in text
    assert "requested after registering (no deadline)" in text
    assert "any time after registering" in text
    assert "Complete WeChat Verification" not in text and "temporary" not in text
    data["verification"]["requested"] = False
    text = checklist_of(data, "md")
    assert "No fee: WeChat Verification was not chosen." in text
    assert "Nothing to do now" in text


def test_what_to_have_ready_for_the_administrator_and_verification() -> None:
    text = checklist_of(china(), "md")
    assert "The administrator's WeChat needs a bank card in their own name" in text
    assert "the organization's own person" in text and "not an outside agency" in text
    assert "the application letter (申请公函) stamped with the organization's seal" in text
    text = checklist_of(overseas(), "md")
    assert "the organization's own person" in text
    for document in ("WeChat's application letter", "company registration certificate",
                     "ID card or passport", "bank statement covering the last 3 months",
                     "office address and phone number", "held in the company's exact name"):
        assert document in text
    assert "account protection (帐号保护)" in text


def test_a_government_checklist_says_the_fee_is_waived() -> None:
    data = china()
    data["organization"]["type"] = "government"
    text = checklist_of(data, "md")
    assert "WeChat Verification (微信认证): none (agency guides say WeChat waives it for a " \
        "government organization; otherwise 300 RMB per application)" in text
    assert "pay the fee" not in text


def test_the_checklist_says_why_this_account_type() -> None:
    data = china()
    data["advice"] = {"media": False, "broadcasts": "rarely", "advanced": True}
    text = checklist_of(data, "md")
    assert "Why this account type (选择理由): Recommended by the account-type advisor: WeChat " \
        "Pay" in text
    data["account_type"] = "subscription"
    text = checklist_of(data, "md")
    assert "Chosen against the advisor's recommendation of a Service account" in text
    assert "Why this account type" not in checklist_of(china(), "md")


def test_every_number_comes_from_the_rulebook(monkeypatch: pytest.MonkeyPatch,
                                              request: pytest.FixtureRequest) -> None:
    """Change the rulebook and every document and help text follows; nothing is typed twice."""
    from forms.registry import STEPS
    from onboarding.questions import known_names, step_groups

    def forget() -> None:  # a choice's label is filled in once per process, as it is asked
        step_groups.cache_clear()
        known_names.cache_clear()

    forget()
    request.addfinalizer(forget)  # no later test sees these numbers

    changed = {
        "MAX_LONG_TERM_OPERATORS": 7, "MAX_SHORT_TERM_OPERATORS": 21,
        "SHORT_TERM_OPERATOR_MONTHS": 2, "VERIFICATION_WINDOW_DAYS": 45,
        "BANK_TRANSFER_WINDOW_DAYS": 12, "PROFILE_CHANGES_PER_MONTH": 4,
        "MAX_ACCOUNTS_PER_OPERATOR": 6, "MAX_ACCOUNTS_PER_ADMIN": 8, "MAX_ACCOUNTS_PER_MOBILE": 9,
        "VERIFICATION_REVIEW_WORKING_DAYS": 11, "VERIFICATION_RESUBMISSIONS": 2,
        "OVERSEAS_STATEMENT_MONTHS": 6,
        "CHINA_VERIFICATION_FEE": Money(rulebook.Decimal("480"), "CNY"),
        "OVERSEAS_VERIFICATION_FEE": Money(rulebook.Decimal("129"), "USD"),
    }
    for name, value in changed.items():
        monkeypatch.setattr(rulebook, name, value)
    bank = china()
    bank["authentication"] = "bank_transfer"
    texts = [checklist_of(d, fmt) for d in (china(), overseas(), bank) for fmt in ("md", "html")]
    for step in STEPS:
        for entity in ("china", "overseas"):
            texts.append(step.guidance(entity) + step.backend_action(entity))
            if entity == "overseas" and step.id == "authentication":
                continue  # not asked of an overseas entity
            texts += [q.meta.help + str(q.meta.choices) for g in step_groups(entity, step.id)
                      for q in g.questions]
    every = "\n".join(texts)
    for old in ("300 RMB", "US$99", "30 days", "10 days", "At most 5 long-term", "20 short-term",
                "one month", "1 month", "5 times a month", "15 working days", "3 times",
                "last 3 months", "more than 5 ", "at most 5 "):
        assert old not in every, old
    for new in ("480 RMB", "US$129", "45 days", "12 days", "At most 7 long-term", "21 short-term",
                "2 months", "4 times a month", "11 working days", "2 times", "last 6 months",
                "no more than 6 Official Accounts", "at most 8 Official Accounts",
                "mobile of at most 9", "at most 9 Official Accounts"):
        assert new in every, new


def test_business_number_warning_reaches_the_checklist() -> None:
    data = overseas()
    data["region"] = "FR"
    data["organization"]["registration_number"] = "12345"
    text = checklist_of(data, "md")
    # named by its field as the wizard names it, not by its answers-file path
    assert "Business registration number (注册号): does not look like a FR" in text
    assert "registration\\_number" not in text


def test_html_is_a_printable_a4_page() -> None:
    text = checklist_of(china(), "html")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "size: A4;" in text
    assert "break-before" not in text  # no forced page break: no page left a quarter full
    assert text.count('<span class="box">') >= 10


def test_unknown_format() -> None:
    result = validate(china())
    with pytest.raises(ValueError, match="unknown checklist format"):
        render(build(result.registration), "docx")


# -- the command ----------------------------------------------------------------------


def test_command_writes_html_by_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lotus.html"
    assert main(["checklist", str(EXAMPLES / "china.yaml"), "-o", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert f"wrote {out} (html)" in capsys.readouterr().err
    out = tmp_path / "lotus.md"
    assert main(["checklist", str(EXAMPLES / "china.yaml"), "-o", str(out)]) == 0
    assert out.read_text().startswith("# WeChat Official Account registration")


def test_command_markdown_to_stdout(tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    ready = str(ready_file(tmp_path, "overseas.yaml"))
    assert main(["checklist", ready, "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# WeChat Official Account registration") and PASSPORT not in out
    assert main(["checklist", ready, "--reveal"]) == 0
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


@pytest.mark.parametrize("data", [china(), overseas()], ids=["china", "overseas"])
def test_page_one_dates_and_fees_are_one_function(data: dict) -> None:
    """What is due by when and what it costs is made once (`obligations`): the checklist's
    page 1 and the wizard's review read it (issue 21: the review recomputed them)."""
    from onboarding.checklist.model import obligations

    reg = validate(data).registration
    registered = date(2026, 11, 20)
    found = obligations(reg, registered, None)
    checklist = build(reg, registered_on=registered)
    assert (checklist.dates, checklist.fees) == (found.dates, found.fees)
    assert found.fees and all(d.due is None or isinstance(d.due, date) for d in found.dates)
