"""Mobile numbers as people type them, read with the country they belong to.

A number with `+` or `00` carries its own country code. One without is a national number:
a China administrator's `13912345678` is read as +86, an overseas administrator's with
the country code of the registration's region (given to validation as its context).
Numbers are kept in E.164 (`+8613912345678`) and shown spaced (`+86 139 1234 5678`).
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from pydantic_core import PydanticCustomError

from forms import rulebook
from forms.issues import fail
from forms.regions import region
from forms.words import Term

CHINA_REGION = phonenumbers.region_code_for_country_code(rulebook.CHINA_COUNTRY_CODE)
_E164 = re.compile(r"\+[1-9]\d{1,14}")
_MOBILE_KINDS = (phonenumbers.PhoneNumberType.MOBILE,
                 phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def dialling_region(code: Any) -> str | None:
    """A region code phonenumbers can read national numbers for ('de' -> 'DE'), or None."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    return code if phonenumbers.country_code_for_region(code) else None


def example(region_code: str | None) -> str | None:
    """A mobile number of the region, spaced ('+49 1512 3456789'), for messages and hints."""
    code = dialling_region(region_code)
    number = phonenumbers.example_number_for_type(code, phonenumbers.PhoneNumberType.MOBILE) \
        if code else None
    return spaced_number(number) if number else None


def spaced_number(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def spaced(value: Any) -> str:
    """A number kept in E.164 in the spaced international form; anything else (a masked
    or mistyped number) as it is."""
    text = str(value)
    if not _E164.fullmatch(text):
        return text
    try:
        return spaced_number(phonenumbers.parse(text, None))
    except phonenumbers.NumberParseException:
        return text


def _national_problem(where: str | None) -> PydanticCustomError:
    if where is None:
        return fail("mobile_format", "write the number in international form, + and its "
                     "country code first, e.g. +44 7400 123456")
    place = region(where)
    return fail(
        "mobile_national",
        "not a mobile number in {place} (+{cc}), e.g. {example}; a number from another "
        "country starts with + and its country code",
        place=Term(place.name_en, place.name_zh, paired=False) if place else where,
        cc=phonenumbers.country_code_for_region(where), example=example(where),
    )


def parse(value: str, where: str | None = None) -> phonenumbers.PhoneNumber:
    """A mobile number; a national one is read in region `where`. Raises a readable error."""
    text = value.strip()
    international = text.startswith(("+", "00"))
    if text.startswith("00"):
        text = "+" + text[2:]
    where = dialling_region(where)
    if not international and where is None:
        raise _national_problem(None)
    try:
        number = phonenumbers.parse(text, None if international else where)
    except phonenumbers.NumberParseException:
        if international:
            raise fail("mobile_format", "not a phone number") from None
        raise _national_problem(where) from None
    if not phonenumbers.is_valid_number(number):
        if not international:
            raise _national_problem(where)
        raise fail("mobile_invalid", "not a valid phone number for its country code")
    if phonenumbers.number_type(number) not in _MOBILE_KINDS:
        raise fail("mobile_type", "must be a mobile number (WeChat sends an SMS code to it)")
    return number


def e164(value: str, where: str | None = None) -> str:
    return phonenumbers.format_number(parse(value, where), phonenumbers.PhoneNumberFormat.E164)
