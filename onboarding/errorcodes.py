"""WeChat's developer return codes (返回码), from the table of Grata's "WeChat Developer
Error Codes" (blog.grata.co/wechat-developer-error-codes/).

The table ships as `data/error_codes.tsv` (code, product line, the official Chinese
message, an English meaning in our words). Nothing is read until a lookup asks for it,
so commands that never look codes up pay nothing; once read, a code is a dict lookup.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from onboarding.i18n import N_, _
from onboarding.lookup import Lookup

# The product lines, marked: WeChat's own Chinese names are their catalog entries.
PLATFORM_NAMES = (N_("OA Platform"), N_("Developer Platform"), N_("WeCom (Work WeChat)"),
                  N_("Coupons"), N_("Customer Service"), N_("Enterprise"), N_("Red Packets"),
                  N_("WeChat Wifi"))


def platform_name(platform: str) -> str:
    """A product line in the interface's language; in Chinese with the English name beside
    it, the name `--platform` matches ('公众平台 (OA Platform)')."""
    said = _(platform) if platform in PLATFORM_NAMES else platform
    return platform if said == platform else f"{said} ({platform})"


@dataclass(frozen=True, slots=True)
class ErrorCode:
    code: int
    platform: str
    message_zh: str
    meaning_en: str


@cache
def all_codes() -> tuple[ErrorCode, ...]:
    """Every row of the table, in the table's order (a code may appear once per line)."""
    text = files("onboarding").joinpath("data/error_codes.tsv").read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(
        ErrorCode(int(row["code"]), row["platform"], row["message_zh"], row["meaning_en"])
        for row in reader
    )


@cache
def _index() -> dict[int, list[ErrorCode]]:
    found: dict[int, list[ErrorCode]] = {}
    for entry in all_codes():
        found.setdefault(entry.code, []).append(entry)
    return found


def lookup(code: int) -> list[ErrorCode]:
    """Every meaning of `code`, one per product line; empty when the table lacks it."""
    return list(_index().get(code, ()))


def platforms() -> list[str]:
    return list(dict.fromkeys(entry.platform for entry in all_codes()))


def match_platform(name: str) -> list[str]:
    """The product lines whose name in English or Chinese contains `name`, whatever the
    interface's language (case-insensitive: "wifi", "wecom", "企业微信")."""
    wanted, chinese = name.casefold(), Lookup("zh")
    return [p for p in platforms() if wanted in p.casefold() or wanted in chinese(p)]


def search(text: str, platform: str | None = None) -> list[ErrorCode]:
    """Rows whose code, Chinese message, English meaning or product line contains `text`."""
    wanted = text.strip().casefold()
    lines = set(match_platform(platform)) if platform else None
    named = set(match_platform(wanted)) if wanted else set()
    return [
        entry for entry in all_codes()
        if (lines is None or entry.platform in lines)
        and (wanted in str(entry.code) or wanted in entry.message_zh.casefold()
             or wanted in entry.meaning_en.casefold() or entry.platform in named)
    ]
