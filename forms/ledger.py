"""Limits that span accounts: one email per account, a name no other account has, 5
accounts per administrator's ID and per administrator's mobile, 5 per personal WeChat
operator, 2 per organization (50 for government and media).

A Ledger counts the accounts already known (the other files of a `validate` run, or the
whole portfolio store) and says what a new registration would break. Keys can be passed
through a hash first, so a store never needs raw ID, passport or mobile numbers to check
them. A store keeps `AccountKeys.pairs()` as (kind, key) rows and reads them back with
`AccountKeys.from_pairs`, so a new kind of key needs no change in the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import TypeAdapter, ValidationError

from forms import rulebook
from forms.fields import (
    AccountName,
    CreditCode,
    Email,
    Mobile,
    PassportNumber,
    ResidentId,
    WeChatId,
)
from forms.issues import Issue, Severity
from forms.personal import is_removed
from forms.registration import Registration

KINDS = ("email", "name", "admin", "mobile", "org", "operator")
"""The kinds of key a store keeps, one row per key ("operator" once per WeChat ID)."""


@dataclass(frozen=True)
class AccountKeys:
    """What identifies the email, name, administrator, organization and operators of one
    account; the paths and the organization's limit say how to report a clash."""

    email: str | None = None
    name: str | None = None
    admin: str | None = None
    mobile: str | None = None
    org: str | None = None
    operators: tuple[str, ...] = ()
    admin_path: str = "admin"
    org_limit: int = rulebook.MAX_ACCOUNTS_PER_ORGANIZATION

    def hashed(self, digest: Callable[[str], str]) -> AccountKeys:
        return replace(
            self, **{kind: digest(key) if key else None for kind, key in self._singles()},
            operators=tuple(digest(o) for o in self.operators),
        )

    def _singles(self) -> list[tuple[str, str | None]]:
        return [("email", self.email), ("name", self.name), ("admin", self.admin),
                ("mobile", self.mobile), ("org", self.org)]

    def pairs(self) -> list[tuple[str, str]]:
        """(kind, key) for every key present: what a store writes."""
        found = [(kind, key) for kind, key in self._singles() if key]
        return found + [("operator", op) for op in dict.fromkeys(self.operators)]

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> AccountKeys:
        """The keys a store read back (kinds it does not know are left out)."""
        singles: dict[str, str] = {}
        operators: list[str] = []
        for kind, key in pairs:
            if kind == "operator":
                operators.append(key)
            elif kind in KINDS:
                singles.setdefault(kind, key)
        return cls(**singles, operators=tuple(operators))


def _name_key(name: str) -> str:
    """Account names compare without case: "LotusTea" and "lotustea" would clash."""
    return f"name:{name.casefold()}"


def _normal(adapter: TypeAdapter[str], value: Any) -> str | None:
    try:
        return adapter.validate_python(value) if value else None
    except ValidationError:
        return None


_NAME, _EMAIL, _RIC, _PASSPORT, _WECHAT, _MOBILE, _USCC = (
    TypeAdapter(AccountName),
    TypeAdapter(Email),
    TypeAdapter(ResidentId),
    TypeAdapter(PassportNumber),
    TypeAdapter(WeChatId),
    TypeAdapter(Mobile),
    TypeAdapter(CreditCode),
)


def _part(answers: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = answers.get(key)
    return value if isinstance(value, Mapping) else {}


def _keys(entity: Any, email: str | None, name: str | None, admin: str | None,
          mobile: str | None, org_code: str | None, org_type: Any,
          wechat_ids: list[str]) -> AccountKeys:
    """The keys from normalised values: the one place their formats are written."""
    china = entity == "china"
    large = china and org_type in rulebook.LARGE_QUOTA_ORG_TYPES
    return AccountKeys(
        name=_name_key(name) if name else None,
        email=email.lower() if email else None,
        admin=f"{'ric' if china else 'passport'}:{admin}" if admin else None,
        mobile=f"mobile:{mobile}" if mobile else None,
        org=f"uscc:{org_code}" if china and org_code else None,
        operators=tuple(w.lower() for w in wechat_ids if w),
        admin_path="admin.id_number" if china else "admin.passport_number",
        org_limit=(rulebook.MAX_ACCOUNTS_PER_GOVERNMENT_OR_MEDIA if large
                   else rulebook.MAX_ACCOUNTS_PER_ORGANIZATION),
    )


def draft_keys(answers: Mapping[str, Any]) -> AccountKeys:
    """Keys of answers, valid or a draft: the parts answered validly so far."""
    entity = answers.get("entity")
    admin = _part(answers, "admin")
    organization = _part(answers, "organization")
    china = entity == "china"
    ops = answers.get("operators") if isinstance(answers.get("operators"), list) else []
    return _keys(
        entity,
        email=_normal(_EMAIL, answers.get("email")),
        name=_normal(_NAME, _part(answers, "profile").get("name")),
        admin=_normal(_RIC, admin.get("id_number")) if china
        else _normal(_PASSPORT, admin.get("passport_number")),
        mobile=_normal(_MOBILE, admin.get("mobile")),
        org_code=_normal(_USCC, organization.get("registration_number")) if china else None,
        org_type=organization.get("type"),
        wechat_ids=[w for op in ops if isinstance(op, Mapping)
                    if (w := _normal(_WECHAT, op.get("wechat_id")))],
    )


def keys_of(reg: Registration) -> AccountKeys:
    """The keys of a validated registration (its values are normalised already).

    A value a purge removed has no key here: the store keeps the keyed hash it had.
    """
    china = reg.entity == "china"

    def kept(value: str) -> str | None:
        return None if is_removed(value) else value

    return _keys(
        reg.entity, email=kept(reg.email), name=reg.profile.name,
        admin=kept(reg.admin.id_number if china else reg.admin.passport_number),  # type: ignore[union-attr]
        mobile=kept(reg.admin.mobile),
        org_code=reg.organization.registration_number if china else None,
        org_type=getattr(reg.organization, "type", None),
        wechat_ids=[w for op in reg.operators if (w := kept(op.wechat_id))],
    )


@dataclass(frozen=True)
class _Limit:
    kind: str
    path: str
    most: Callable[[AccountKeys], int]
    message: str
    severity: Severity = "error"


# Each kind's limit: how many other accounts may already hold the key.
_LIMITS = (
    _Limit("email", "email", lambda k: 1,
           "already used by another registration: one email serves one Official Account only"),
    _Limit("name", "profile.name", lambda k: 1,
           "already the name of another registration: an account name must be unique on WeChat"),
    _Limit("admin", "", lambda k: rulebook.MAX_ACCOUNTS_PER_ADMIN,
           "this administrator already administers {count} Official Accounts (the limit is "
           "{limit})"),
    _Limit("mobile", "admin.mobile", lambda k: rulebook.MAX_ACCOUNTS_PER_MOBILE,
           "this mobile is already the administrator's number of {count} Official Accounts "
           "(the limit is {limit} per number)"),
    _Limit("org", "organization.registration_number", lambda k: k.org_limit,
           "this organization already has {count} Official Accounts (agency sources give a "
           "limit of {limit} per organization; WeChat may refuse another or ask to apply)",
           "warning"),
)


@dataclass
class Ledger:
    counts: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @classmethod
    def of(cls, known: Iterable[AccountKeys]) -> Ledger:
        ledger = cls()
        for keys in known:
            ledger.add(keys)
        return ledger

    def add(self, keys: AccountKeys) -> None:
        for kind, key in keys.pairs():
            self.counts[kind][key] += 1

    def count(self, kind: str, key: str) -> int:
        return self.counts[kind][key] if kind in self.counts else 0

    def errors(self, keys: AccountKeys) -> list[Issue]:
        """What refuses the account: the issues that are not only warnings."""
        return [i for i in self.issues(keys) if i.severity == "error"]

    def issues(self, keys: AccountKeys) -> list[Issue]:
        """What adding an account with these keys would break, given the known accounts."""
        found = []
        singles = dict(keys._singles())
        for limit in _LIMITS:
            key = singles[limit.kind]
            count = self.count(limit.kind, key) if key else 0
            most = limit.most(keys)
            if count >= most:
                found.append(Issue(limit.path or keys.admin_path,
                                   limit.message.format(count=count, limit=most),
                                   limit.severity))
        for i, key in enumerate(keys.operators):
            count = self.count("operator", key)
            if count >= rulebook.MAX_ACCOUNTS_PER_OPERATOR:
                found.append(
                    Issue(f"operators[{i}].wechat_id", f"this WeChat already operates {count} "
                          f"Official Accounts (the limit is {rulebook.MAX_ACCOUNTS_PER_OPERATOR})")
                )
        return found
