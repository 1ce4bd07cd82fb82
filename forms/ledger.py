"""Limits that span accounts: one email per account, a name no other account has, 5
accounts per administrator's ID and per administrator's mobile, 5 per personal WeChat
operator, 2 per organization (50 for government and media).

A Ledger knows who holds each key among the accounts already known (the other files of a
`validate` run, or the whole portfolio store) and says what a new registration would
break, naming the accounts it clashes with. Keys can be passed through a hash first, so a
store never needs raw ID, passport or mobile numbers to check them. A store keeps
`AccountKeys.pairs()` as (kind, key) rows and reads them back with
`AccountKeys.from_pairs`, so a new kind of key needs no change in the store.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError

from forms import rulebook
from forms.clock import today
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
from forms.steps import short_term_ends
from forms.words import N_, Listed, Message

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
    # The last day each operator is bound (a short-term one's term), None for no end: a
    # store keeps it beside the key, so the limits count an operator only while bound.
    operator_ends: tuple[date | None, ...] = ()

    def hashed(self, digest: Callable[[str], str]) -> AccountKeys:
        return replace(
            self, **cast(dict[str, Any],
                         {kind: digest(key) if key else None for kind, key in self._singles()}),
            operators=tuple(digest(o) for o in self.operators),
        )

    def terms(self) -> list[tuple[str, str, date | None]]:
        """(kind, key, last day bound) for every key of `pairs()`: an operator listed twice
        is bound until the later of its ends (no end wins)."""
        ends: dict[str, date | None] = {}
        for i, key in enumerate(self.operators):
            end = self.operator_ends[i] if i < len(self.operator_ends) else None
            if key not in ends:
                ends[key] = end
            elif ends[key] is not None:
                ends[key] = None if end is None else max(end, cast(date, ends[key]))
        return [(kind, key, ends.get(key) if kind == "operator" else None)
                for kind, key in self.pairs()]

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
        return cls(**cast(dict[str, Any], singles), operators=tuple(operators))


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


Bound = tuple[str, "date | None"]  # an operator's WeChat ID and the last day it is bound


def _keys(entity: Any, email: str | None, name: str | None, admin: str | None,
          mobile: str | None, org_code: str | None, org_type: Any,
          operators: list[Bound]) -> AccountKeys:
    """The keys from normalised values: the one place their formats are written."""
    china = entity == "china"
    large = china and org_type in rulebook.LARGE_QUOTA_ORG_TYPES
    bound = [(w.lower(), ends) for w, ends in operators if w]
    return AccountKeys(
        name=_name_key(name) if name else None,
        email=email.lower() if email else None,
        admin=f"{'ric' if china else 'passport'}:{admin}" if admin else None,
        mobile=f"mobile:{mobile}" if mobile else None,
        org=f"uscc:{org_code}" if china and org_code else None,
        operators=tuple(w for w, _ends in bound),
        operator_ends=tuple(ends for _w, ends in bound),
        admin_path="admin.id_number" if china else "admin.passport_number",
        org_limit=(rulebook.MAX_ACCOUNTS_PER_GOVERNMENT_OR_MEDIA if large
                   else rulebook.MAX_ACCOUNTS_PER_ORGANIZATION),
    )


def _ends(op: Mapping[str, Any]) -> date | None:
    """A draft operator's last day bound, read leniently (an unreadable day: no end)."""
    added = op.get("added_on")
    if op.get("term") != "short" or added is None:
        return None
    try:
        day = added if isinstance(added, date) else date.fromisoformat(str(added))
    except ValueError:
        return None
    return short_term_ends(day)


def _bound(operators: Iterable[Bound], on: date | None) -> list[Bound]:
    """The operators bound on `on` (today by default): a term that ended is no key."""
    day = on or today()
    return [(w, ends) for w, ends in operators if ends is None or ends >= day]


def draft_keys(answers: Mapping[str, Any], on: date | None = None) -> AccountKeys:
    """Keys of answers, valid or a draft: the parts answered validly so far, the operators
    bound on `on` (today)."""
    entity = answers.get("entity")
    admin = _part(answers, "admin")
    organization = _part(answers, "organization")
    china = entity == "china"
    given = answers.get("operators")
    ops: list[Any] = given if isinstance(given, list) else []
    return _keys(
        entity,
        email=_normal(_EMAIL, answers.get("email")),
        name=_normal(_NAME, _part(answers, "profile").get("name")),
        admin=_normal(_RIC, admin.get("id_number")) if china
        else _normal(_PASSPORT, admin.get("passport_number")),
        mobile=_normal(_MOBILE, admin.get("mobile")),
        org_code=_normal(_USCC, organization.get("registration_number")) if china else None,
        org_type=organization.get("type"),
        operators=_bound([(w, _ends(op)) for op in ops if isinstance(op, Mapping)
                          if (w := _normal(_WECHAT, op.get("wechat_id")))], on),
    )


def keys_of(reg: Registration, on: date | None = None) -> AccountKeys:
    """The keys of a validated registration (its values are normalised already), the
    operators bound on `on` (today).

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
        operators=_bound([(w, op.term_ends) for op in reg.operators
                          if (w := kept(op.wechat_id))], on),
    )


Holder = Hashable
"""Who holds a key: a file's name in `validate`, a registration's ID in a store."""
Describe = Callable[[Iterable[Holder]], Mapping[Holder, str]]
"""Names of holders as a person reads them ('#3 Lotus Tea'); by default `str(holder)`."""
SHOWN_HOLDERS = 5  # named in a message; the rest are counted


@dataclass(frozen=True)
class _Limit:
    kind: str
    path: str  # where a clash is reported ("" = the administrator's number)
    most: Callable[[AccountKeys], int]
    message: str  # with {holders}, {count} and {limit}
    unnamed: str  # the same, naming no account (for a client, who may not see others)
    severity: Severity = "error"


# Each kind's limit: how many other accounts may already hold the key.
_LIMITS = (
    _Limit("email", "email", lambda k: 1,
           N_("already used by {holders}: one email serves one Official Account only"),
           N_("already used by another Official Account: one email serves one Official "
              "Account only")),
    _Limit("name", "profile.name", lambda k: 1,
           N_("already the name of {holders}: an account name must be unique on WeChat"),
           N_("already the name of another Official Account: an account name must be unique "
              "on WeChat")),
    _Limit("admin", "", lambda k: rulebook.MAX_ACCOUNTS_PER_ADMIN,
           N_("this administrator already administers {count} Official Accounts ({holders}); "
              "the limit is {limit}"),
           N_("this administrator already administers {count} Official Accounts; the limit is "
              "{limit}")),
    _Limit("mobile", "admin.mobile", lambda k: rulebook.MAX_ACCOUNTS_PER_MOBILE,
           N_("this mobile is already the administrator's number of {count} Official Accounts "
              "({holders}); the limit is {limit} per number"),
           N_("this mobile is already the administrator's number of {count} Official "
              "Accounts; the limit is {limit} per number")),
    _Limit("org", "organization.registration_number", lambda k: k.org_limit,
           N_("this organization already has {count} Official Accounts ({holders}); agency "
              "sources give a limit of {limit} per organization: WeChat may refuse another or "
              "ask to apply"),
           N_("this organization already has {count} Official Accounts; agency sources give a "
              "limit of {limit} per organization: WeChat may refuse another or ask to apply"),
           "warning"),
)
_OPERATOR = _Limit("operator", "operators[{i}].wechat_id",
                   lambda k: rulebook.MAX_ACCOUNTS_PER_OPERATOR,
                   N_("this WeChat already operates {count} Official Accounts ({holders}); the "
                      "limit is {limit}"),
                   N_("this WeChat already operates {count} Official Accounts; the limit is "
                      "{limit}"))


@dataclass(frozen=True)
class Clash:
    """A limit these keys would break, and the accounts that already hold the key."""

    path: str
    limit: _Limit
    most: int
    holders: tuple[Holder, ...]

    def issue(self, names: Mapping[Holder, str], *, named: bool = True) -> Issue:
        if not named:
            return Issue(self.path, Message(self.limit.unnamed, count=len(self.holders),
                                            limit=self.most), self.limit.severity)
        shown = [names.get(h) or str(h) for h in self.holders[:SHOWN_HOLDERS]]
        more = len(self.holders) - len(shown)
        holders: str = Listed(shown)
        if more > 0:
            holders = Message(N_("{names} and {more} more"), names=holders, more=more)
        return Issue(self.path, Message(self.limit.message, holders=holders,
                                        count=len(self.holders), limit=self.most),
                     self.limit.severity)


@dataclass
class Ledger:
    """Who holds each key, kind by kind: `held[kind][key]` lists the holders in order."""

    held: dict[str, dict[str, list[Holder]]] = field(default_factory=dict)

    @classmethod
    def of(cls, known: Iterable[tuple[AccountKeys, Holder]]) -> Ledger:
        ledger = cls()
        for keys, holder in known:
            ledger.add(keys, holder)
        return ledger

    def hold(self, kind: str, key: str, holder: Holder) -> None:
        holders = self.held.setdefault(kind, {}).setdefault(key, [])
        if holder not in holders:  # an account holds a key once (an operator listed twice)
            holders.append(holder)

    def add(self, keys: AccountKeys, holder: Holder) -> None:
        for kind, key in keys.pairs():
            self.hold(kind, key, holder)

    def holders(self, kind: str, key: str | None) -> tuple[Holder, ...]:
        return tuple(self.held.get(kind, {}).get(key, ())) if key else ()

    def count(self, kind: str, key: str) -> int:
        return len(self.holders(kind, key))

    def clashes(self, keys: AccountKeys) -> list[Clash]:
        """What adding an account with these keys would break, given the known accounts."""
        found = []
        singles = dict(keys._singles())
        for limit in _LIMITS:
            holders = self.holders(limit.kind, singles[limit.kind])
            most = limit.most(keys)
            if len(holders) >= most:
                found.append(Clash(limit.path or keys.admin_path, limit, most, holders))
        most = _OPERATOR.most(keys)
        for i, key in enumerate(keys.operators):
            holders = self.holders(_OPERATOR.kind, key)
            if len(holders) >= most:
                found.append(Clash(_OPERATOR.path.format(i=i), _OPERATOR, most, holders))
        return found

    def errors(self, keys: AccountKeys, describe: Describe | None = None) -> list[Issue]:
        """What refuses the account: the issues that are not only warnings."""
        return [i for i in self.issues(keys, describe) if i.severity == "error"]

    def issues(self, keys: AccountKeys, describe: Describe | None = None, *,
               named: bool = True) -> list[Issue]:
        """What adding an account with these keys would break, naming whom it clashes with
        (`named=False`: naming no account, for someone who may not see the others)."""
        found = self.clashes(keys)
        if not named:
            return [clash.issue({}, named=False) for clash in found]
        wanted = {h for clash in found for h in clash.holders}
        names = describe(wanted) if describe is not None and wanted else {}
        return [clash.issue(names) for clash in found]
