"""Valid answers for both paths, to copy and break in tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from onboarding.answers import load_answers

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def china() -> dict[str, Any]:
    return copy.deepcopy(load_answers(EXAMPLES / "china.yaml"))


def overseas() -> dict[str, Any]:
    return copy.deepcopy(load_answers(EXAMPLES / "overseas.yaml"))


def resident_id(n: int) -> str:
    """A checksum-valid 18-digit resident ID, different for each n < 1000."""
    from stdnum.cn import ric

    body = f"31010419900101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(n: int) -> str:
    """A check-valid Unified Social Credit Code, different for each n < 100000."""
    from stdnum.cn import uscc

    body = f"91310115MA{n:05d}XX"
    return body + uscc.calc_check_digit(body)


def mobile(n: int) -> str:
    """A valid +86 mobile, different for each n < 10000."""
    return f"+86 139 1234 {n:04d}"


def china_account(n: int, *, admin: int = 1, operators: tuple[str, ...] = ()) -> dict[str, Any]:
    """The China example as account n: its own email, the given admin and operators."""
    data = china()
    data["client"] = f"Client {n}"
    data["email"] = f"account{n}@example.cn"
    data["profile"]["name"] = f"LotusTea{n}"  # names are unique across accounts
    data["admin"]["id_number"] = resident_id(admin)
    data["admin"]["mobile"] = mobile(admin)  # one number per administrator, as in life
    data["operators"] = [
        {"name": f"Op {w}", "wechat_id": w, "term": "long", "added_on": "2026-11-21"}
        for w in operators
    ]
    return data
