"""Regions of a business license: ISO 3166-1 alpha-2 codes with English and Chinese names.

pycountry holds the ISO list and its Simplified-Chinese translations; the list is read
once, on first use.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

CHINA = "CN"

# The regions consultants meet most, listed first as WeChat's own drop-down does.
POPULAR = ("HK", "MO", "TW", "SG", "US", "GB", "AU", "DE", "FR", "JP", "KR", "CA", "MY")
# The Chinese names WeChat's own region list uses where the ISO translation differs.
WECHAT_NAMES = {"HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾"}


@dataclass(frozen=True)
class Region:
    code: str
    name_en: str
    name_zh: str


@cache
def regions() -> dict[str, Region]:
    """Every ISO 3166-1 region by alpha-2 code, popular ones first, then by English name."""
    import pycountry

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    found = {
        c.alpha_2: Region(c.alpha_2, getattr(c, "common_name", c.name),
                          WECHAT_NAMES.get(c.alpha_2) or zh.gettext(c.name))
        for c in pycountry.countries
    }
    order = [*POPULAR, *sorted(set(found) - set(POPULAR), key=lambda k: found[k].name_en)]
    return {code: found[code] for code in order}


def region(code: str) -> Region | None:
    return regions().get(code.upper())
