"""Reusable field types, each checked by the library made for it.

Every type normalises what it accepts (upper-case IDs, E.164 phone numbers, the
email's normalised form), so stored answers and cross-account keys compare equal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError
from stdnum.cn import ric, uscc
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from forms import controls, phones, rulebook
from forms.clock import today
from forms.issues import fail, said
from forms.regions import CHINA, region
from forms.words import N_, Detail, Message

__all__ = ["fail"]


def _clean(value: Any) -> Any:
    """Surrounding spaces go; a control character anywhere refuses the answer.

    Every text type starts here, so NUL, escape sequences and line breaks can never be
    stored, printed or put into a checklist as part of an answer.
    """
    if not isinstance(value, str):
        return value
    found = controls.find(value)
    if found:
        raise fail(
            "control_character",
            "contains a control character or line break ({char}); type it again without it",
            char=controls.code_point(found[0]),
        )
    return value.strip()


Text = Annotated[str, BeforeValidator(_clean), Field(min_length=1)]


# -- account name -------------------------------------------------------------------------


def is_cjk(char: str) -> bool:
    """Chinese characters (CJK unified ideographs, incl. extension A and compatibility)."""
    cp = ord(char)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


def name_weight(name: str) -> int:
    """Length as WeChat counts it: a Chinese character counts as two."""
    return sum(rulebook.ACCOUNT_NAME_CJK_WEIGHT if is_cjk(c) else 1 for c in name)


def _account_name(value: str) -> str:
    bad = sorted({c for c in value if not (is_cjk(c) or (c.isascii() and c.isalnum()))})
    if bad:
        shown = " ".join(repr(c) for c in bad[:5])
        raise fail(
            "account_name_chars",
            "only Chinese characters, letters A-Z and digits are allowed (not {bad})",
            bad=shown,
        )
    weight = name_weight(value)
    if not rulebook.ACCOUNT_NAME_MIN <= weight <= rulebook.ACCOUNT_NAME_MAX:
        raise fail(
            "account_name_length",
            "must be {lo} to {hi} characters, a Chinese character counting as 2 "
            "(this one counts {n})",
            lo=rulebook.ACCOUNT_NAME_MIN,
            hi=rulebook.ACCOUNT_NAME_MAX,
            n=weight,
        )
    return value


AccountName = Annotated[str, BeforeValidator(_clean), AfterValidator(_account_name)]


def _introduction(value: str) -> str:
    if not rulebook.INTRODUCTION_MIN <= len(value) <= rulebook.INTRODUCTION_MAX:
        raise fail(
            "introduction_length",
            "must be {lo} to {hi} characters (this one has {n})",
            lo=rulebook.INTRODUCTION_MIN,
            hi=rulebook.INTRODUCTION_MAX,
            n=len(value),
        )
    return value


Introduction = Annotated[str, BeforeValidator(_clean), AfterValidator(_introduction)]

# -- email --------------------------------------------------------------------------------


# What is wrong with an address, by the words email_validator's English reason uses: the
# reason itself in English, its gist in another language.
_EMAIL_GISTS = (
    ("@-sign.", N_("it needs one @ between the name and the domain")),
    ("too long", N_("it is too long")),
    ("before the @-sign", N_("the part before the @ is not valid")),
    ("after the @-sign", N_("the part after the @ (the domain) is not valid")),
    ("period", N_("a period is misplaced")),
)


def _email_reason(reason: str) -> Detail:
    """The library's sentences as the rest of a line after a colon: clauses, no capital
    (unless a word is an acronym), no full stop."""
    gist = next((g for words, g in _EMAIL_GISTS if words in reason),
                N_("it is not written as an email address"))
    clauses = [c for c in re.split(r"\.\s+", reason.strip().removesuffix(".")) if c]
    fragment = "; ".join(c[:1].lower() + c[1:] if c[1:2].islower() else c for c in clauses)
    return Detail(fragment, gist)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise fail("email", "not a valid email address: {reason}",
                   reason=_email_reason(str(exc))) from None


Email = Annotated[str, BeforeValidator(_clean), AfterValidator(_email)]

# -- identity numbers ---------------------------------------------------------------------

_STDNUM_REASONS: dict[type[Exception], str] = {
    InvalidChecksum: N_("the check character does not match"),
    InvalidLength: N_("wrong length"),
    InvalidFormat: N_("wrong format"),
    InvalidComponent: N_("a part of it is not valid"),
}


def _stdnum_reason(exc: Exception) -> Message:
    for kind, reason in _STDNUM_REASONS.items():
        if isinstance(exc, kind):
            return Message(reason)
    return Message(N_("it is not valid"))


def _credit_code(value: str) -> str:
    try:
        return uscc.validate(value)
    except ValidationError as exc:
        raise fail(
            "credit_code",
            "not a valid {CREDIT_CODE_LENGTH}-character Unified Social Credit Code "
            "(统一社会信用代码): {reason}",
            reason=_stdnum_reason(exc),
        ) from None


CreditCode = Annotated[str, BeforeValidator(_clean), AfterValidator(_credit_code)]


def _resident_id(value: str) -> str:
    try:
        number = ric.validate(value)
    except ValidationError as exc:
        reason = _stdnum_reason(exc)
        if isinstance(exc, InvalidComponent):
            reason = Message(N_("the birth date or region in it is not valid"))
        raise fail(
            "resident_id",
            "not a valid 18-digit resident ID (身份证号): {reason}",
            reason=reason,
        ) from None
    if len(number) != 18:
        raise fail("resident_id", "the resident ID must be the 18-digit second-generation card")
    if ric.get_birth_date(number) > today():
        raise fail("resident_id", "the birth date in the resident ID is in the future")
    return number


ResidentId = Annotated[str, BeforeValidator(_clean), AfterValidator(_resident_id)]

_PASSPORT = re.compile(rf"[A-Z0-9]{{{rulebook.PASSPORT_MIN},{rulebook.PASSPORT_MAX}}}")


def _passport(value: str) -> str:
    number = value.replace(" ", "").upper()
    if not _PASSPORT.fullmatch(number):
        raise fail(
            "passport",
            "a passport number is {lo} to {hi} letters and digits",
            lo=rulebook.PASSPORT_MIN,
            hi=rulebook.PASSPORT_MAX,
        )
    return number


PassportNumber = Annotated[str, BeforeValidator(_clean), AfterValidator(_passport)]

# -- phone ------------------------------------------------------------------------------


def _region_of(info: ValidationInfo) -> str | None:
    """The registration's region, when validation was given it (`forms.registration`)."""
    context = info.context if isinstance(info.context, Mapping) else {}
    return context.get("region")


def _mobile(value: str, info: ValidationInfo) -> str:
    return phones.e164(value, _region_of(info))


def _china_mobile(value: str) -> str:
    return phones.e164(value, phones.CHINA_REGION)


# A mobile in E.164; a national number is read with the registration's region.
Mobile = Annotated[str, BeforeValidator(_clean), AfterValidator(_mobile)]
# A mobile in E.164; a national number is a Mainland-China one.
ChinaMobile = Annotated[str, BeforeValidator(_clean), AfterValidator(_china_mobile)]

# -- WeChat ID --------------------------------------------------------------------------

_WECHAT_ID = re.compile(
    rf"[A-Za-z][A-Za-z0-9_-]{{{rulebook.WECHAT_ID_MIN - 1},{rulebook.WECHAT_ID_MAX - 1}}}"
)


def _wechat_id(value: str) -> str:
    if not _WECHAT_ID.fullmatch(value):
        raise fail(
            "wechat_id",
            "a WeChat ID (微信号) is {lo} to {hi} characters: a letter first, then letters, "
            "digits, _ or -",
            lo=rulebook.WECHAT_ID_MIN,
            hi=rulebook.WECHAT_ID_MAX,
        )
    return value


WeChatId = Annotated[str, BeforeValidator(_clean), AfterValidator(_wechat_id)]


# -- days that have happened --------------------------------------------------------------


def _happened(value: date) -> date:
    """A day something happened on WeChat: not after today, not before the platform."""
    now = today()
    if value > now:
        raise fail("date_future", "{day} is after today ({today}); give the day it happened",
                   day=str(value), today=str(now))
    if value < rulebook.PLATFORM_OPENED:
        raise fail("date_too_early",
                   "{day} is before the Official Accounts Platform opened ({opened})",
                   day=str(value), opened=str(rulebook.PLATFORM_OPENED))
    return value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """Only a day written YYYY-MM-DD (or a YAML date): never a timestamp or a bare number.

    pydantic would read 1795046400 as seconds since 1970; a person never means that.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        return value.strip()
    raise fail("date_format", "must be a date like 2026-11-25 (YYYY-MM-DD)")


PastDate = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_happened)]


def not_a_past_date(value: date) -> Message | None:
    """Why VALUE cannot be the day something happened, or None when it can."""
    try:
        _happened(value)
    except PydanticCustomError as exc:
        return said(exc)
    return None


# -- regions: ISO codes, CN for a China entity and never CN for an overseas one ----------

def _region_code(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _known_region(value: str) -> str:
    if region(value) is None:
        raise fail("region", "{v} is not an ISO 3166-1 alpha-2 region code (e.g. CN, HK, US)",
                   v=repr(value))
    return value


def _china_region(value: str) -> str:
    if value != CHINA:
        raise fail("region_china", "a Mainland-China entity registers in region CN")
    return value


def _overseas_region(value: str) -> str:
    if value == CHINA:
        raise fail(
            "region_overseas",
            "an overseas entity's region is where its license was issued, not CN "
            "(a Mainland-China entity takes the China path)",
        )
    return value


RegionCode = Annotated[str, BeforeValidator(_region_code), AfterValidator(_known_region)]
ChinaRegion = Annotated[RegionCode, AfterValidator(_china_region)]
OverseasRegion = Annotated[RegionCode, AfterValidator(_overseas_region)]
