"""Rule messages stay in the domain, words at the edge (issue 17): an Issue carries its
marked template and params, reads as before in English and says itself in Chinese."""

from __future__ import annotations

import copy
import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.issues import Issue, fail
from forms.meta import field_meta
from forms.registration import validate
from forms.steps import Profile
from forms.words import Detail, Message, Sentences, Term, counted, english, fill
from onboarding import i18n
from onboarding.i18n import _
from tests.helpers import china


@pytest.fixture
def zh() -> object:
    i18n.use("zh")
    yield _
    i18n.use("en")


def introduction_issue() -> Issue:
    answers = china()
    answers["profile"]["introduction"] = "Hi"
    return next(i for i in validate(answers).issues if i.path == "profile.introduction")


def test_a_rule_error_keeps_its_template_and_params_through_pydantic() -> None:
    issue = introduction_issue()
    assert issue.template == "must be {lo} to {hi} characters (this one has {n})"
    assert dict(issue.params) == {"lo": 4, "hi": 120, "n": 2}
    # English reads exactly as before: str(), .message and render() with no language
    assert issue.message == "must be 4 to 120 characters (this one has 2)"
    assert str(issue) == "profile.introduction: must be 4 to 120 characters (this one has 2)"
    assert issue.render() == issue.render(english) == str(issue)


def test_an_issue_says_itself_in_the_readers_language(zh: object) -> None:
    issue = introduction_issue()
    assert issue.render(_) == "profile.introduction: 须为 4 至 120 个字符（当前 2 个）"
    assert issue.text(_) == "须为 4 至 120 个字符（当前 2 个）"
    assert str(issue) == "profile.introduction: must be 4 to 120 characters (this one has 2)"


def test_pydantics_own_errors_get_marked_wordings(zh: object) -> None:
    answers = china()
    answers["profile"]["typo"] = 1
    issue = next(i for i in validate(answers).issues if i.path == "profile.typo")
    assert (issue.message, issue.text(_)) == ("unknown key (a typo?)", "未知的键（是否拼错了？）")


def test_a_fixed_text_is_a_message_too(zh: object) -> None:
    issue = Issue("email", "required")
    assert issue.missing and issue.template == "required" and issue.text(_) == "必填"
    odd = Issue("", "a {brace} that is no place")  # not a template: kept as it is
    assert odd.render(_) == "a {brace} that is no place"
    named = Issue("deadlines", "operator {MAX_ACCOUNTS_PER_ADMIN} expires")  # a typed name
    assert named.message == named.text(_) == "operator {MAX_ACCOUNTS_PER_ADMIN} expires"


def test_copy_pickle_and_json_keep_the_message() -> None:
    issue = introduction_issue()
    for again in (copy.deepcopy(issue), pickle.loads(pickle.dumps(issue))):
        assert again == issue and again.template == issue.template
        assert isinstance(again.message, Message)
    assert json.loads(json.dumps({"m": issue.message})) == {"m": issue.message}


def test_nested_texts_and_terms_follow_the_language(zh: object) -> None:
    term = Term("Service account", "服务号")
    said = Message("the advisor recommends a {type}: {reason}", type=term, reason="x")
    assert said == "the advisor recommends a Service account (服务号): x"
    assert said.render(_) == "顾问建议选服务号：x"
    assert Term("Account name", "公众号名称", paired=False) == "Account name"


def test_plurals_follow_the_count(zh: object) -> None:
    one, three = (counted("{count} day", "{count} days", n) for n in (1, 3))
    assert (one, three) == ("1 day", "3 days")
    assert three.render(_) == "3天"


def test_rulebook_figures_are_filled_after_translating(zh: object) -> None:
    help_text = Profile.model_fields["introduction"].description
    assert isinstance(help_text, Sentences) and "{INTRODUCTION_MIN}" in help_text.parts[0]
    meta = field_meta("introduction", Profile.model_fields["introduction"])
    assert meta.help.startswith("4-120 characters")
    assert meta.help.render(_).startswith("4-120 个字符")
    assert fill("{VERIFICATION_RENEWAL}", _) == "1年"
    assert fill("{CHINA_VERIFICATION_FEE}", _) == "300元"
    assert fill("{CHINA_VERIFICATION_FEE}") == "300 RMB"


def test_labels_and_choices_are_the_backends_own_chinese(zh: object) -> None:
    from forms.registration import ChinaRegistration

    account_type = field_meta("account_type", ChinaRegistration.model_fields["account_type"])
    assert account_type.label() == "Account type" and account_type.label(_) == "账号类型"
    choice = account_type.choice_label("service")
    assert choice == "Service account (服务号)" and choice.render(_) == "服务号"


def test_another_librarys_words_are_kept_in_english_and_said_by_gist(zh: object) -> None:
    answers = china()
    answers["email"] = "nobody"
    issue = next(i for i in validate(answers).issues if i.path == "email")
    # after a colon, the library's sentence goes on the line as a fragment: no capital, no stop
    assert issue.message == "not a valid email address: an email address must have an @-sign"
    assert issue.text(_) == "不是有效的邮箱地址：名称与域名之间须有一个 @"
    assert Detail("x", "it is too long").render(_) == "太长"


def test_a_slip_in_a_catalog_says_the_english_rather_than_failing() -> None:
    broken = {"must be {lo} to {hi} characters (this one has {n})": "须为 {low} 个字符"}
    issue = introduction_issue()
    assert issue.text(lambda m: broken.get(m, m)) == issue.message


def test_fail_is_a_pydantic_error_with_the_template_in_its_context() -> None:
    error = fail("too_long", "at most {n} characters", n=30)
    assert error.message() == "at most 30 characters"
    assert error.context == {"template": "at most {n} characters", "n": 30}


def test_alternatives_are_listed_as_the_language_writes_them(zh: object) -> None:
    from forms.words import either

    three = either(["'a'", "'b'", "'c'"])
    assert three == "'a', 'b' or 'c'"
    assert three.render(_) == "'a'、'b' 或 'c'"
    assert pickle.loads(pickle.dumps(three)).render(_) == "'a'、'b' 或 'c'"


@given(value=st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_a_value_is_put_in_as_it_is_in_every_language(value: str) -> None:
    """A typed value (braces, rulebook-like names, control characters) is never read as a
    template, whatever the language: the words come from the catalog, the value from the
    user."""
    said = Message("WeChat ID {id} is listed twice", id=value)
    assert said == f"WeChat ID {value} is listed twice"
    with i18n.language("zh"):
        assert said.render(_) == f"微信号 {value} 重复填写了"
    assert Issue("operators", value).text() == value


def test_a_yes_or_no_answer_reads_as_a_word_of_its_own() -> None:
    """An answer shown after its label ("Request WeChat Verification: Yes"), as the wizard's
    switch says it: capitalised, in every face."""
    from forms.steps import Verification
    from onboarding.checklist.sentences import shown as on_paper
    from onboarding.questions import shown

    meta = field_meta("requested", Verification.model_fields["requested"])
    assert (shown(meta, True), shown(meta, False)) == ("Yes", "No")
    assert (on_paper(meta, True), on_paper(meta, False)) == ("Yes", "No")
    with i18n.language("zh"):
        assert (shown(meta, True), on_paper(meta, False)) == ("是", "否")


def test_chinese_brackets_and_lists_are_full_width(zh: object) -> None:
    """'（终端界面）：email、profile.name': a Chinese line is punctuated full-width."""
    from datetime import UTC, datetime

    from onboarding.store.audit import Entry

    line = Entry(datetime(2026, 11, 25, tzinfo=UTC), "Li Wei", "terminal UI", "save", 1,
                 ("email", "profile.name")).line()
    assert "（终端界面）：email、profile.name" in line and "(" not in line


def test_an_email_checkers_two_sentences_go_on_the_line_as_clauses() -> None:
    answers = china()
    answers["email"] = "someone@localhost"
    issue = next(i for i in validate(answers).issues if i.path == "email")
    assert issue.message == ("not a valid email address: the part after the @-sign is not "
                             "valid; it should have a period")
