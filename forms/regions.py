"""Regions of a business license: ISO 3166-1 alpha-2 codes with English and Chinese names.

pycountry holds the ISO list and its Simplified-Chinese translations; the list is read
once, on first use.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache

CHINA = "CN"

# The regions consultants meet most, listed first as WeChat's own drop-down does.
POPULAR = ("HK", "MO", "TW", "SG", "US", "GB", "AU", "DE", "FR", "JP", "KR", "CA", "MY")
# The Chinese names WeChat's own region list uses where the ISO translation differs: the
# three regions as WeChat names them, and mainland China's usual short names (GB/T 2659)
# where pycountry's translation has a typo (柬埔塞), a non-mainland form (瓜地马拉) or the
# long official name (大韩民国).
WECHAT_NAMES = {
    "HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾",
    "KH": "柬埔寨", "GT": "危地马拉", "KG": "吉尔吉斯斯坦", "BD": "孟加拉国",
    "PF": "法属波利尼西亚", "KR": "韩国", "KP": "朝鲜", "IR": "伊朗", "VE": "委内瑞拉",
    "SY": "叙利亚", "BO": "玻利维亚", "LA": "老挝", "MD": "摩尔多瓦",
}


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
                          WECHAT_NAMES.get(c.alpha_2) or _full_width(zh.gettext(c.name)))
        for c in pycountry.countries
    }
    order = [*POPULAR, *sorted(set(found) - set(POPULAR), key=lambda k: found[k].name_en)]
    return {code: found[code] for code in order}


def _full_width(name: str) -> str:
    """Chinese brackets in a Chinese name: 福克兰群岛（马尔维纳斯）."""
    return re.sub(r"\s*\)\s*", "）", re.sub(r"\s*\(\s*", "（", name))


def region(code: str) -> Region | None:
    return regions().get(code.upper())
