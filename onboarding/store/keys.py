"""People matched across the portfolio by keyed hashes (HMAC with a secret derived from the
store's key, which is not in the database).

An email, an account name, an administrator's ID or passport number and mobile, an
organization's credit code and an operator's WeChat ID are stored only as digests, one row
per (kind, digest) of `AccountKeys.pairs()`, so the cross-account limits never need a table
of raw numbers and a new kind of key needs no change here. A check asks the database about
the few digests it needs (indexed); a batch import takes one snapshot of every count and
keeps it up to date itself.

A key rotation cannot recompute the digests of values a purge removed, so it re-keys every
digest instead: digest = HMAC(current, HMAC(previous, ... HMAC(first, value))). The
secrets of earlier keys (`chain`) are kept sealed with the current key; the current one is
only ever derived from the key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection

from forms.clock import today
from forms.ledger import KINDS, AccountKeys, Ledger, draft_keys, keys_of
from forms.registration import Registration
from onboarding.store.tables import PERSON_KEYS, PersonKeyRow, RegistrationRow


class PersonKeys:
    """Digests of the people in answers, and the ledger of the portfolio's counts."""

    def __init__(self, secret: bytes, chain: Sequence[bytes] = ()) -> None:
        self._secret = secret
        self._chain = tuple(chain)  # the secrets of earlier keys, oldest first

    def digest(self, key: str) -> str:
        for earlier in self._chain:
            key = _hmac(earlier, key)
        return _hmac(self._secret, key)

    def of(self, answers: Mapping[str, Any]) -> AccountKeys:
        return draft_keys(answers).hashed(self.digest)

    def of_registration(self, reg: Registration) -> AccountKeys:
        """The same keys as `of`, from a registration already validated (no re-parsing)."""
        return keys_of(reg).hashed(self.digest)

    def ledger(self, conn: Connection, keys: AccountKeys, exclude_id: int | None = None,
               on: date | None = None) -> Ledger:
        """Who holds just these keys' digests (registration IDs) on `on` (today), other
        registrations only: an operator whose term has ended holds nothing."""
        wanted = [digest for _, digest in keys.pairs()]
        if not wanted:
            return Ledger()
        query = _holding(on).where(PersonKeyRow.digest.in_(wanted))
        if exclude_id is not None:
            query = query.where(PersonKeyRow.registration_id != exclude_id)
        return _ledger(conn.execute(query))

    def snapshot(self, conn: Connection, on: date | None = None) -> Ledger:
        """Who holds every key in the portfolio on `on` (today), read once (a batch import
        checks against it)."""
        return _ledger(conn.execute(_holding(on)))

    @staticmethod
    def describe(conn: Connection, holders: Iterable[Hashable]) -> dict[Hashable, str]:
        """Registrations as a clash names them: '#3 Lotus Tea' (other holders as they are)."""
        wanted = [h for h in holders if isinstance(h, int)]
        if not wanted:
            return {}
        rows = conn.execute(select(RegistrationRow.id, RegistrationRow.client)
                            .where(RegistrationRow.id.in_(wanted)))
        return {reg_id: f"#{reg_id} {client}" for reg_id, client in rows}

    @staticmethod
    def put(conn: Connection, reg_id: int, keys: AccountKeys, *, replace: bool = True) -> None:
        if replace:
            conn.execute(delete(PersonKeyRow).where(PersonKeyRow.registration_id == reg_id))
        values = rows_of(reg_id, keys)
        if values:
            conn.execute(PERSON_KEYS.insert(), values)


def rekey(conn: Connection, secret: bytes) -> None:
    """Every digest re-keyed with a new key's secret (a rotation), removed values' too."""
    table = PERSON_KEYS
    rows = conn.execute(select(table.c.id, table.c.digest)).all()
    for start in range(0, len(rows), 5000):
        conn.execute(
            update(table).where(table.c.id == bindparam("row")).values(
                digest=bindparam("new")),
            [{"row": row_id, "new": _hmac(secret, digest)}
             for row_id, digest in rows[start:start + 5000]])


def _hmac(secret: bytes, text: str) -> str:
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


def rows_of(reg_id: int, keys: AccountKeys) -> list[dict[str, Any]]:
    return [{"registration_id": reg_id, "kind": kind, "digest": digest, "ends_on": ends}
            for kind, digest, ends in keys.terms()]


def _holding(on: date | None = None) -> Any:
    day = on or today()
    return (select(PersonKeyRow.kind, PersonKeyRow.digest, PersonKeyRow.registration_id)
            .where(or_(PersonKeyRow.ends_on.is_(None), PersonKeyRow.ends_on >= day))
            .order_by(PersonKeyRow.registration_id))


def _ledger(rows: Iterable[Any]) -> Ledger:
    ledger = Ledger()
    for kind, digest, reg_id in rows:
        if kind in KINDS:
            ledger.hold(kind, digest, reg_id)
    return ledger
