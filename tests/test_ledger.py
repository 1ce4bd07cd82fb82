"""Cross-account limits over the registrations a command knows."""

from __future__ import annotations

import hashlib

import forms
from forms.ledger import Ledger, draft_keys, keys_of
from tests.helpers import china


def reg(i: int, **changes: object) -> forms.Registration:
    data = china()
    data["email"] = f"acct{i}@lotustea.cn"
    data["profile"]["name"] = f"LotusTea{i}"
    data["operators"] = []
    data.update(changes)
    result = forms.validate(data)
    assert result.ok, result.issues
    return result.registration


def test_same_email_twice_is_an_error_on_the_second() -> None:
    ledger = Ledger.of([keys_of(reg(1))])
    issues = ledger.issues(keys_of(reg(2, email="ACCT1@lotustea.cn")))
    assert [i.path for i in issues] == ["email"]


def test_admin_limit_names_the_count() -> None:
    ledger = Ledger.of(keys_of(reg(i)) for i in range(4))
    assert ledger.issues(keys_of(reg(4))) == []
    ledger.add(keys_of(reg(4)))
    (issue,) = ledger.issues(keys_of(reg(5)))
    assert issue.path == "admin.id_number"
    assert "already administers 5" in issue.message


def test_operator_limit() -> None:
    op = [{"name": "Anna", "wechat_id": "anna_schmidt88", "term": "long"}]
    ledger = Ledger()
    for i in range(5):
        keys = keys_of(reg(i, operators=op, admin=dict(china()["admin"])))
        assert not [x for x in ledger.issues(keys) if x.path.startswith("operators")]
        ledger.add(keys)
    issues = ledger.issues(keys_of(reg(9, operators=op)))
    assert [i.path for i in issues if "operates" in i.message] == ["operators[0].wechat_id"]


def test_account_name_used_twice() -> None:
    ledger = Ledger.of([keys_of(reg(1))])
    profile = dict(china()["profile"], name="LOTUSTEA1")
    issues = ledger.issues(keys_of(reg(2, profile=profile)))
    assert [i.path for i in issues] == ["profile.name"]
    assert "unique on WeChat" in issues[0].message


def test_hashed_keys_compare_like_raw_ones() -> None:
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    ledger = Ledger.of([keys_of(reg(1)).hashed(digest)])
    assert ledger.issues(keys_of(reg(2, email="acct1@lotustea.cn")).hashed(digest))


def test_draft_keys_use_what_is_valid_so_far() -> None:
    admin = {"id_number": "310104199001011233"}
    keys = draft_keys({"entity": "china", "email": "Bad", "admin": admin})
    assert keys.email is None
    assert keys.admin == "ric:310104199001011233"
    assert draft_keys({"entity": "overseas", "admin": {"passport_number": "c01x00t47"}}).admin == (
        "passport:C01X00T47"
    )
