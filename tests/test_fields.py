"""Every field rule, with an example that passes and one that fails."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from stdnum.cn import ric, uscc

import forms
from forms import phones, rulebook
from forms.fields import (
    AccountName,
    CreditCode,
    Email,
    Introduction,
    Mobile,
    PassportNumber,
    PastDate,
    ResidentId,
    WeChatId,
    name_weight,
)
from tests.helpers import china, overseas


def ok(kind: object, value: object) -> object:
    return TypeAdapter(kind).validate_python(value)


def bad(kind: object, value: object) -> str:
    with pytest.raises(ValidationError) as err:
        TypeAdapter(kind).validate_python(value)
    return err.value.errors()[0]["msg"]


@pytest.mark.parametrize("name", ["莲花茶业", "LotusTea", "莲花Tea2026", "abcd", "茶" * 15])
def test_account_name_accepts_chinese_letters_digits(name: str) -> None:
    assert ok(AccountName, name) == name


@pytest.mark.parametrize(
    "name",
    ["Lotus Tea", "Lotus-Tea", "Lotus_Tea", "Lotus!", "Tea😀x", "Café", "ＡＢＣＤ", "茶，茶"],
)
def test_account_name_rejects_spaces_punctuation_emoji(name: str) -> None:
    assert "only Chinese characters" in bad(AccountName, name)


def test_account_name_length_counts_chinese_as_two() -> None:
    assert name_weight("莲花Tea") == 7
    assert "counts 3" in bad(AccountName, "abc")
    assert ok(AccountName, "茶茶") == "茶茶"  # 2 characters weigh 4
    assert "counts 2" in bad(AccountName, "茶")
    assert ok(AccountName, "a" * rulebook.ACCOUNT_NAME_MAX)
    assert "counts 31" in bad(AccountName, "a" * 31)
    assert "counts 32" in bad(AccountName, "茶" * 16)


@settings(derandomize=True)  # the same examples every run, as tests/test_fuzz.py's
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
# str.strip() takes these for whitespace; the forms refuse them as control characters
@example("abcd\x1c")
@example("\x1fabcd")
@example("abcd\x85")
@example("\u2028abcd")
@example(" abcd\u3000")  # plain whitespace around a name is stripped, and the name accepted
def test_account_name_property(name: str) -> None:
    """Accepted names are exactly the allowed characters within the weighted limits, once
    the whitespace around them is stripped; a control or format character (C0, DEL, C1,
    line separators, bidirectional and zero-width marks) anywhere refuses the name."""
    stripped = name.strip()
    controls = any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp", "Cs"} for c in name)
    allowed = not controls and all(
        (c.isascii() and c.isalnum()) or 0x4E00 <= ord(c) <= 0x9FFF
        or 0x3400 <= ord(c) <= 0x4DBF or 0xF900 <= ord(c) <= 0xFAFF
        for c in stripped
    )
    expected = allowed and 4 <= name_weight(stripped) <= 30
    try:
        TypeAdapter(AccountName).validate_python(name)
    except ValidationError:
        assert not expected
    else:
        assert expected


def test_introduction_length() -> None:
    assert ok(Introduction, "四个字符")
    assert "has 3" in bad(Introduction, "abc")
    assert ok(Introduction, "x" * 120)
    assert "has 121" in bad(Introduction, "x" * 121)


def test_email_syntax_and_normalisation() -> None:
    assert ok(Email, " Ops@Example.COM ") == "Ops@example.com"
    assert "not a valid email" in bad(Email, "ops@")
    assert "not a valid email" in bad(Email, "ops example.com")


def test_credit_code_check_character() -> None:
    assert ok(CreditCode, "91310115MA1H7GXX0A") == "91310115MA1H7GXX0A"
    assert "check character" in bad(CreditCode, "91310115MA1H7GXX0B")
    assert "wrong length" in bad(CreditCode, "91310115MA1H7GX")


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
    st.sampled_from(USCC_ALPHABET),
)
def test_credit_code_property(head: str, tail: str, other: str) -> None:
    """A well-formed code is accepted exactly with its own check character.

    (The first 8 characters of a code are digits: the registration authority, the kind of
    organization and the region.)"""
    body = head + tail
    check = uscc.calc_check_digit(body)
    assert ok(CreditCode, body + check) == body + check
    if other != check:
        assert "check character" in bad(CreditCode, body + other)


def test_resident_id_checksum_birth_date_and_length() -> None:
    assert ok(ResidentId, "310104199001011233") == "310104199001011233"
    assert "check character" in bad(ResidentId, "310104199001011234")
    assert "birth date" in bad(ResidentId, "310104199013011230")  # month 13
    assert "18-digit" in bad(ResidentId, "3101041990010")


def test_resident_id_birth_date_not_in_future(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "31010420260101123"
    number = body + ric.calc_check_digit(body + "0")
    monkeypatch.setenv("ONBOARDING_TODAY", "2025-06-01")
    assert "future" in bad(ResidentId, number)
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-06-01")
    assert ok(ResidentId, number) == number


def test_past_date_refuses_days_after_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-11-25")
    assert str(ok(PastDate, "2026-11-25")) == "2026-11-25"
    assert bad(PastDate, "2030-01-01").startswith("2030-01-01 is after today (2026-11-25)")
    assert "before the Official Accounts Platform opened" in bad(PastDate, "1990-01-01")
    assert str(ok(PastDate, "2012-08-23")) == "2012-08-23"


def test_passport_number() -> None:
    assert ok(PassportNumber, "c01x 00t47") == "C01X00T47"
    assert "6 to 20" in bad(PassportNumber, "A1234")
    assert "6 to 20" in bad(PassportNumber, "A" * 21)
    assert "6 to 20" in bad(PassportNumber, "AB-12345")


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=6, max_size=20))
def test_passport_property(number: str) -> None:
    assert ok(PassportNumber, number.lower()) == number


def test_mobile_normalised_to_e164() -> None:
    assert ok(Mobile, "+86 139 1234 5678") == "+8613912345678"
    assert ok(Mobile, "0049 151 23456789") == "+4915123456789"
    assert "international form" in bad(Mobile, "13912345678")
    assert "mobile" in bad(Mobile, "+86 10 6552 9988")  # Beijing landline
    assert "not a valid phone number" in bad(Mobile, "+86 139 1234")


def test_wechat_id() -> None:
    assert ok(WeChatId, "anna_schmidt88") == "anna_schmidt88"
    assert "letter first" in bad(WeChatId, "9anna88")
    assert "letter first" in bad(WeChatId, "anna")
    assert "letter first" in bad(WeChatId, "anna.schmidt")
    assert "letter first" in bad(WeChatId, "a" * 21)


# -- mobiles as people type them -----------------------------------------------------------


def test_a_china_administrators_national_mobile_is_read_as_plus_86() -> None:
    data = china()
    data["admin"]["mobile"] = "13912345678"
    result = forms.validate(data)
    assert result.ok, result.issues
    assert result.registration.admin.mobile == "+8613912345678"
    data["admin"]["mobile"] = "139 1234"
    (issue,) = forms.validate(data).errors
    assert issue.path == "admin.mobile"
    assert "in China (+86), e.g. +86 131 2345 6789" in issue.message


def test_an_overseas_national_mobile_takes_the_regions_country_code() -> None:
    data = overseas()  # region DE
    data["admin"]["mobile"] = "0151 23456789"
    result = forms.validate(data)
    assert result.ok, result.issues
    assert result.registration.admin.mobile == "+4915123456789"
    data["region"] = "GB"
    data["admin"]["mobile"] = "07400 12345"  # one digit short
    (issue,) = forms.validate(data).errors
    assert issue.path == "admin.mobile"
    assert "United Kingdom (+44), e.g. +44 7400 123456" in issue.message
    assert "+86" not in issue.message


def test_a_mobile_with_its_country_code_ignores_the_region() -> None:
    data = overseas()
    data["admin"]["mobile"] = "+44 7400 123456"  # a German company, a British administrator
    result = forms.validate(data)
    assert result.ok and result.registration.admin.mobile == "+447400123456"


def test_mobiles_are_shown_spaced() -> None:
    assert phones.spaced("+8613912345678") == "+86 139 1234 5678"
    assert phones.spaced("+4915123456789") == "+49 1512 3456789"
    assert phones.spaced("not a number") == "not a number"
    assert phones.example("de") == "+49 1512 3456789"
    assert phones.example("XX") is None
    assert phones.spaced("+86 *** **** 5678") == "+86 *** **** 5678"  # masked: left alone


def test_regions_carry_the_chinese_names_wechat_shows() -> None:
    from forms.regions import region

    assert [region(c).name_zh for c in ("HK", "MO", "TW", "DE")] == [  # type: ignore[union-attr]
        "中国香港", "中国澳门", "中国台湾", "德国"]


def test_region_names_are_mainland_short_names_with_chinese_brackets() -> None:
    """pycountry's translation once gave 柬埔塞 (a typo), 瓜地马拉 and 大韩民国, and ASCII
    brackets inside Chinese names."""
    from forms.regions import region, regions

    said = {c: region(c).name_zh for c in ("KH", "GT", "KR", "KP", "FK")}  # type: ignore[union-attr]
    assert said == {"KH": "柬埔寨", "GT": "危地马拉", "KR": "韩国", "KP": "朝鲜",
                    "FK": "福克兰群岛（马尔维纳斯）"}
    assert not [r.code for r in regions().values() if "(" in r.name_zh or " " in r.name_zh]
