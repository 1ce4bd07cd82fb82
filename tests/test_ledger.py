"""Cross-account limits over the registrations a command knows."""

from __future__ import annotations

import hashlib

import pytest

import forms
from forms.ledger import KINDS, AccountKeys, Ledger, draft_keys, keys_of
from tests.helpers import china, credit_code, mobile, resident_id


def reg(i: int, **changes: object) -> forms.Registration:
    """Account i of the same administrator (resident ID), each with its own organization and
    mobile unless `changes` says otherwise."""
    data = china()
    data["email"] = f"acct{i}@lotustea.cn"
    data["profile"]["name"] = f"LotusTea{i}"
    data["operators"] = []
    data["admin"]["mobile"] = mobile(i)
    data["organization"]["registration_number"] = credit_code(i)
    data.update(changes)
    result = forms.validate(data)
    assert result.ok, result.issues
    return result.registration


def test_same_email_twice_is_an_error_on_the_second_naming_the_first() -> None:
    ledger = Ledger.of([(keys_of(reg(1)), "a.yaml")])
    issues = ledger.issues(keys_of(reg(2, email="ACCT1@lotustea.cn")))
    assert [str(i) for i in issues] == [
        "email: already used by a.yaml: one email serves one Official Account only"]


def test_admin_limit_names_the_count_and_the_accounts() -> None:
    ledger = Ledger.of((keys_of(reg(i)), i) for i in range(4))
    assert ledger.issues(keys_of(reg(4))) == []
    ledger.add(keys_of(reg(4)), 4)
    (issue,) = ledger.issues(keys_of(reg(5)), lambda ids: {i: f"#{i} Client" for i in ids})
    assert issue.path == "admin.id_number"
    assert issue.message == ("this administrator already administers 5 Official Accounts "
                             "(#0 Client, #1 Client, #2 Client, #3 Client, #4 Client); the "
                             "limit is 5")


def test_a_long_list_of_holders_is_cut_short() -> None:
    ledger = Ledger()
    for i in range(7):  # more than the limit: drafts count too
        ledger.hold("admin", keys_of(reg(0)).admin or "", f"f{i}")
    (issue,) = ledger.issues(keys_of(reg(9)))
    assert "7 Official Accounts (f0, f1, f2, f3, f4 and 2 more)" in issue.message


def test_operator_limit() -> None:
    op = [{"name": "Anna", "wechat_id": "anna_schmidt88", "term": "long"}]
    ledger = Ledger()
    for i in range(5):
        keys = keys_of(reg(i, operators=op, admin=dict(china()["admin"])))
        assert not [x for x in ledger.issues(keys) if x.path.startswith("operators")]
        ledger.add(keys, f"{i}.yaml")
        ledger.add(keys, f"{i}.yaml")  # an account holds its keys once
    issues = ledger.issues(keys_of(reg(9, operators=op)))
    (issue,) = [i for i in issues if "operates" in i.message]
    assert issue.path == "operators[0].wechat_id"
    assert "operates 5 Official Accounts (0.yaml, 1.yaml, 2.yaml, 3.yaml, 4.yaml)" in str(issue)


def test_account_name_used_twice() -> None:
    ledger = Ledger.of([(keys_of(reg(1)), "a.yaml")])
    profile = dict(china()["profile"], name="LOTUSTEA1")
    issues = ledger.issues(keys_of(reg(2, profile=profile)))
    assert [i.path for i in issues] == ["profile.name"]
    assert issues[0].message == ("already the name of a.yaml: an account name must be unique "
                                 "on WeChat")


def test_hashed_keys_compare_like_raw_ones() -> None:
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    ledger = Ledger.of([(keys_of(reg(1)).hashed(digest), 1)])
    assert ledger.issues(keys_of(reg(2, email="acct1@lotustea.cn")).hashed(digest))


def test_draft_keys_use_what_is_valid_so_far() -> None:
    admin = {"id_number": "310104199001011233"}
    keys = draft_keys({"entity": "china", "email": "Bad", "admin": admin})
    assert keys.email is None
    assert keys.admin == "ric:310104199001011233"
    assert draft_keys({"entity": "overseas", "admin": {"passport_number": "c01x00t47"}}).admin == (
        "passport:C01X00T47"
    )


def test_one_mobile_administers_at_most_5_accounts() -> None:
    """kf.qq.com FAQ 120911VrYVrA1510137JRRZr: 一个手机号码只能绑定5个公众账号 (an error)."""
    def account(i: int) -> forms.Registration:
        admin = {**china()["admin"], "id_number": resident_id(i), "mobile": "+86 139 0000 0001"}
        return reg(i, admin=admin)

    ledger = Ledger.of((keys_of(account(i)), f"{i}.yaml") for i in range(4))
    assert ledger.issues(keys_of(account(4))) == []
    ledger.add(keys_of(account(4)), "4.yaml")
    (issue,) = ledger.issues(keys_of(account(5)))
    assert (issue.path, issue.severity) == ("admin.mobile", "error")
    assert ("administrator's number of 5 Official Accounts (0.yaml, 1.yaml, 2.yaml, 3.yaml, "
            "4.yaml)") in issue.message
    spaced = {**china()["admin"], "id_number": resident_id(6), "mobile": "0086 13900000001"}
    assert [i.path for i in ledger.issues(keys_of(reg(6, admin=spaced)))] == ["admin.mobile"]


def test_overseas_mobiles_count_too() -> None:
    data = {"entity": "overseas", "admin": {"mobile": "+49 151 23456789"}}
    assert draft_keys(data).mobile == "mobile:+4915123456789"


@pytest.mark.parametrize("kind, limit", [("enterprise", 2), ("other", 2), ("media", 50),
                                         ("government", 50)])
def test_accounts_per_organization_is_a_warning(kind: str, limit: int) -> None:
    def account(i: int) -> forms.Registration:
        org = {**china()["organization"], "type": kind, "registration_number": credit_code(1)}
        admin = {**china()["admin"], "id_number": resident_id(i), "mobile": mobile(i)}
        return reg(i, organization=org, admin=admin)

    ledger = Ledger.of((keys_of(account(i)), i) for i in range(limit - 1))
    assert ledger.issues(keys_of(account(limit - 1))) == []
    ledger.add(keys_of(account(limit - 1)), limit - 1)
    (issue,) = ledger.issues(keys_of(account(limit)))
    assert (issue.path, issue.severity) == ("organization.registration_number", "warning")
    assert f"already has {limit} Official Accounts" in issue.message
    assert f"limit of {limit} per organization" in issue.message


def test_overseas_organizations_are_not_counted() -> None:
    """An overseas registration number is free text: no key, no false clash."""
    data = {"entity": "overseas", "organization": {"registration_number": "HRB 123456"}}
    assert draft_keys(data).org is None


def test_keys_round_trip_through_a_stores_rows() -> None:
    keys = keys_of(reg(1, operators=[{"name": "A", "wechat_id": "anna_schmidt88", "term": "long"}]))
    pairs = keys.pairs()
    assert {kind for kind, _ in pairs} == set(KINDS)
    back = AccountKeys.from_pairs([*pairs, ("a_kind_from_the_future", "x")])
    assert back.pairs() == pairs
    ledger = Ledger.of([(back, 1)])
    assert all(ledger.count(kind, key) == 1 for kind, key in pairs)


def test_the_accounts_named_are_listed_as_the_language_writes_a_list() -> None:
    """'#0 Client、#1 Client' in Chinese (issue 23: '#1 …, #3 …' was ASCII)."""
    from onboarding import i18n

    ledger = Ledger.of((keys_of(reg(i)), i) for i in range(5))
    (issue,) = ledger.issues(keys_of(reg(5)), lambda ids: {i: f"#{i} Client" for i in ids})
    assert "#0 Client, #1 Client" in str(issue)
    with i18n.language("zh"):
        assert "#0 Client、#1 Client" in issue.render(i18n._)
