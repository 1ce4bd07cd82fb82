"""Limits that span accounts: one email per account, a name no other account has,
5 accounts per administrator, 5 accounts per personal WeChat operator.

A Ledger counts the accounts already known (the other files of a `validate` run, or the
whole portfolio store) and says what a new registration would break. Keys can be passed
through a hash first, so a store never needs raw ID or passport numbers to check them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from forms import rulebook
from forms.fields import AccountName, Email, PassportNumber, ResidentId, WeChatId
from forms.issues import Issue
from forms.registration import Registration


@dataclass(frozen=True)
class AccountKeys:
    """What identifies the email, the administrator and the operators of one account."""

    email: str | None = None
    admin: str | None = None
    admin_path: str = "admin"
    operators: tuple[str, ...] = ()
    name: str | None = None

    def hashed(self, digest: Callable[[str], str]) -> AccountKeys:
        return AccountKeys(
            email=digest(self.email) if self.email else None,
            name=digest(self.name) if self.name else None,
            admin=digest(self.admin) if self.admin else None,
            admin_path=self.admin_path,
            operators=tuple(digest(o) for o in self.operators),
        )


def keys_of(reg: Registration) -> AccountKeys:
    china = reg.entity == "china"
    return AccountKeys(
        email=reg.email.lower(),
        admin=reg.admin_key,
        admin_path="admin.id_number" if china else "admin.passport_number",
        operators=tuple(op.wechat_id.lower() for op in reg.operators),
        name=_name_key(reg.profile.name),
    )


def _name_key(name: str) -> str:
    """Account names compare without case: "LotusTea" and "lotustea" would clash."""
    return f"name:{name.casefold()}"


def _normal(adapter: TypeAdapter[str], value: Any) -> str | None:
    try:
        return adapter.validate_python(value) if value else None
    except ValidationError:
        return None


_NAME, _EMAIL, _RIC, _PASSPORT, _WECHAT = (
    TypeAdapter(AccountName),
    TypeAdapter(Email),
    TypeAdapter(ResidentId),
    TypeAdapter(PassportNumber),
    TypeAdapter(WeChatId),
)


def draft_keys(answers: Mapping[str, Any]) -> AccountKeys:
    """Best-effort keys of a draft: the parts answered validly so far."""
    email = _normal(_EMAIL, answers.get("email"))
    admin = answers.get("admin") if isinstance(answers.get("admin"), Mapping) else {}
    if answers.get("entity") == "china":
        number, prefix, path = _normal(_RIC, admin.get("id_number")), "ric", "admin.id_number"
    else:
        number = _normal(_PASSPORT, admin.get("passport_number"))
        prefix, path = "passport", "admin.passport_number"
    ops = answers.get("operators") if isinstance(answers.get("operators"), list) else []
    wechat_ids = [_normal(_WECHAT, op.get("wechat_id")) for op in ops if isinstance(op, Mapping)]
    profile = answers.get("profile") if isinstance(answers.get("profile"), Mapping) else {}
    name = _normal(_NAME, profile.get("name"))
    return AccountKeys(
        name=_name_key(name) if name else None,
        email=email.lower() if email else None,
        admin=f"{prefix}:{number}" if number else None,
        admin_path=path,
        operators=tuple(w.lower() for w in wechat_ids if w),
    )


@dataclass
class Ledger:
    emails: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    admins: Counter[str] = field(default_factory=Counter)
    operators: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, known: Iterable[AccountKeys]) -> Ledger:
        ledger = cls()
        for keys in known:
            ledger.add(keys)
        return ledger

    def add(self, keys: AccountKeys) -> None:
        if keys.email:
            self.emails[keys.email] += 1
        if keys.name:
            self.names[keys.name] += 1
        if keys.admin:
            self.admins[keys.admin] += 1
        self.operators.update(set(keys.operators))

    def issues(self, keys: AccountKeys) -> list[Issue]:
        """What adding an account with these keys would break, given the known accounts."""
        found = []
        if keys.email and self.emails[keys.email]:
            found.append(
                Issue("email", "already used by another registration: one email serves "
                      "one Official Account only")
            )
        if keys.name and self.names[keys.name]:
            found.append(
                Issue("profile.name", "already the name of another registration: an account "
                      "name must be unique on WeChat")
            )
        count = self.admins[keys.admin] if keys.admin else 0
        if count >= rulebook.MAX_ACCOUNTS_PER_ADMIN:
            found.append(
                Issue(keys.admin_path, f"this administrator already administers {count} "
                      f"Official Accounts (the limit is {rulebook.MAX_ACCOUNTS_PER_ADMIN})")
            )
        for i, key in enumerate(keys.operators):
            count = self.operators[key]
            if count >= rulebook.MAX_ACCOUNTS_PER_OPERATOR:
                found.append(
                    Issue(f"operators[{i}].wechat_id", f"this WeChat already operates {count} "
                          f"Official Accounts (the limit is {rulebook.MAX_ACCOUNTS_PER_OPERATOR})")
                )
        return found
