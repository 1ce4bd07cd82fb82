"""Valid answers for both paths, to copy and break in tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from onboarding.answers import load_answers

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def china() -> dict[str, Any]:
    return copy.deepcopy(load_answers(EXAMPLES / "china.yaml"))


def ready_china() -> dict[str, Any]:
    """The China example before it is registered (no registration date): its checklist has
    every step to register with."""
    data = china()
    del data["verification"]
    return data


def overseas() -> dict[str, Any]:
    return copy.deepcopy(load_answers(EXAMPLES / "overseas.yaml"))


def ready_overseas() -> dict[str, Any]:
    """The overseas example before it is registered (verification requested, no date)."""
    data = overseas()
    del data["verification"]["registered_on"]
    return data


def ready_file(folder: Path, name: str) -> Path:
    """An example file ("china.yaml", "overseas.yaml") as it was before registering: the
    checklist to register with, every step in it."""
    import yaml

    data = ready_china() if name.startswith("china") else ready_overseas()
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


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


LONG_INTRODUCTION = (
    "莲花茶业创立于上海，专注中国名茶与现代茶饮。本服务号为会员提供新品上市、门店活动、积分兑换、"
    "预约品鉴与在线客服；关注后可查询附近门店、领取会员优惠券，并第一时间收到季节限定茶品与线下茶会的"
    "通知，每周更新茶知识与冲泡技巧。欢迎关注！"
)


def long_china(*, ready: bool = False) -> dict[str, Any]:
    """The China example at WeChat's limits: 25 operators (5 long-term, 20 short-term) and
    the longest introduction the platform takes (`ready`: not registered yet)."""
    data = ready_china() if ready else china()
    data["profile"]["introduction"] = LONG_INTRODUCTION
    names = ["Anna Schmidt", "李伟", "王小明", "Chen Jing", "欧阳娜娜", "Mia Chen", "张伟",
             "Li Na", "刘洋", "Jonas Becker"]
    data["operators"] = [
        {"name": f"{names[n % len(names)]} {n + 1}", "wechat_id": f"lotus_op{n + 1:02d}",
         "term": "long" if n < 5 else "short",
         **({} if ready else {"added_on": f"2026-11-{21 + n % 4}"})}
        for n in range(25)
    ]
    return data
