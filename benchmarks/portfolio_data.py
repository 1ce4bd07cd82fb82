"""The benchmark's synthetic portfolio: valid registrations of both paths with unique emails
and account names, administrators and operators' WeChats each shared by up to 5 accounts,
dates that make some overdue (from the two example answers files)."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = date(2026, 11, 25)  # pinned for every process (ONBOARDING_TODAY)


def resident_id(n: int) -> str:
    from stdnum.cn import ric

    born = date(1950, 1, 1) + timedelta(days=n // 1000)
    body = f"310104{born:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91310115MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def answers(i: int) -> dict[str, Any]:
    """Registration i: both paths, unique email and name, people shared by 5 accounts.

    Even numbers are China entities, odd ones overseas; an administrator and their mobile
    serve 5 accounts of one path (i // 10), an operator's WeChat 5 accounts (i // 5), a
    China organization 2 accounts (its limit).
    """
    base = _bases()[i % 2]
    data = copy.deepcopy(base)
    data["client"] = f"Client {i:06d}"
    data["email"] = f"client{i}@example.com"
    data["profile"]["name"] = f"Client{i}"
    group = i // 5
    registered = TODAY - timedelta(days=i % 45)  # some past the 30-day verification window
    if data["entity"] == "china":
        data["admin"]["id_number"] = resident_id(i // 10)
        data["admin"]["mobile"] = f"+86139{i // 10:08d}"  # an administrator's own number
        data["organization"]["registration_number"] = credit_code(i // 4)  # 2 per company
        data["verification"] = {"registered_on": registered.isoformat()}
        if i % 3 == 0:
            data["authentication"] = "bank_transfer"
            del data["verification"]
    else:
        data["admin"]["passport_number"] = f"P{i // 10:08d}"
        data["admin"]["mobile"] = f"+49151{i // 10:08d}"
        data["verification"] = {"requested": True, "registered_on": registered.isoformat()}
    term = "short" if i % 4 == 0 else "long"
    data["operators"] = [{"name": f"Op {group}", "wechat_id": f"op_{group:07d}", "term": term,
                          "added_on": registered.isoformat()}]
    return data


_BASES: list[dict[str, Any]] = []


def _bases() -> list[dict[str, Any]]:
    if not _BASES:
        from onboarding.answers import load_answers

        _BASES.extend(load_answers(EXAMPLES / name) for name in ("china.yaml", "overseas.yaml"))
        for base in _BASES:
            base.pop("lifecycle", None)
    return _BASES


def write_files(folder: Path, numbers: range) -> list[str]:
    from onboarding.answers import dump_answers

    files = []
    for i in numbers:
        path = folder / f"{i:06d}.yaml"
        path.write_text(dump_answers(json.loads(json.dumps(answers(i), default=str))))
        files.append(str(path))
    return files
