"""The store as opened: its database, the key in use, and what every read and write of a
registration shares — opening sealed answers, the write transaction that first checks the
store still has this key (another consultant may have rotated it).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from sqlalchemy import String, select, type_coerce
from sqlalchemy.engine import Connection

from onboarding.i18n import _
from onboarding.store import queries
from onboarding.store.audit import Trail
from onboarding.store.connection import Database
from onboarding.store.crypto import SealError
from onboarding.store.errors import DamagedStore, KeyProblem, NotFound
from onboarding.store.keys import PersonKeys
from onboarding.store.keysource import KeySource
from onboarding.store.migrations import FINGERPRINT, Opened, checkpoint, scrub
from onboarding.store.record import Record
from onboarding.store.sealing import open_state
from onboarding.store.summary import parse_state
from onboarding.store.tables import REGISTRATIONS, MetaRow


class Access:
    """A store opened with its key (`open_store` makes the `Store`, which adds the rest)."""

    def __init__(self, db: Database, opened: Opened, key_source: KeySource | None = None,
                 trail: Trail | None = None) -> None:
        self.db = db
        self.where = db.where
        self.key_source = key_source or KeySource(opened.key)
        self.trail = trail or Trail()
        self._use(opened)
        # The engine sits in a reference cycle: without this, a store let go unclosed would
        # keep its connection (and SQLite's write-ahead log) until the collector ran.
        weakref.finalize(self, db.engine.dispose)

    def _use(self, opened: Opened) -> None:
        self.opened = opened
        self.key = opened.key
        self.cipher = opened.key.cipher
        self.keys = PersonKeys(opened.person_secret, opened.chain)

    @property
    def key_created(self) -> Path | None:
        """The key file made when this store was opened (a new store): back it up."""
        return self.key_source.created

    @property
    def engine(self) -> Any:
        return self.db.engine

    def get(self, reg_id: int) -> Record:
        """One registration, its personal answers opened."""
        with self.db.read() as conn:
            return self._opened(conn, queries.record(conn, reg_id))

    def _opened(self, conn: Connection, record: Record) -> Record:
        try:
            record.state = open_state(record.state, self.cipher)
        except SealError as exc:
            self._check_key(conn)  # the key changed meanwhile: say that, not "damaged"
            raise DamagedStore(_("registration #{id} is damaged ({reason}); the rest of the "
                                 "portfolio is fine").format(id=record.id, reason=exc)) from None
        return record

    def _record(self, conn: Connection, reg_id: int) -> Record:
        return self._opened(conn, queries.record(conn, reg_id))

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction, under the lock, on a store that still has this key."""
        with self.db.write() as conn:
            self._check_key(conn)
            yield conn

    def _check_key(self, conn: Connection) -> None:
        recorded = conn.execute(select(MetaRow.value).where(MetaRow.key == FINGERPRINT)
                                ).scalar_one_or_none()
        if recorded != self.key.fingerprint:
            raise KeyProblem(_("{where}: the store's key was changed since this program opened "
                               "it (it now expects the key {recorded}); start again with the "
                               "new key").format(where=self.where, recorded=recorded))

    def _stored(self, conn: Connection, reg_id: int) -> dict[str, Any]:
        """A registration's state, read and opened inside the caller's transaction."""
        table = REGISTRATIONS.c
        row = conn.execute(select(type_coerce(table.state, String))
                           .where(table.id == reg_id)).first()
        if row is None:
            raise NotFound(_("no registration with ID {reg_id}").format(reg_id=reg_id))
        try:
            return open_state(parse_state(row[0]), self.cipher)
        except ValueError as exc:  # SealError too
            raise DamagedStore(_("registration #{reg_id} is damaged ({reason}); left untouched")
                                 .format(reg_id=reg_id, reason=exc)) \
                from None

    def scrub(self) -> None:
        """A SQLite file rewritten without what was deleted or replaced (`migrations.scrub`)."""
        if self.db.dialect == "sqlite":
            scrub(self.db)

    def empty_log(self) -> bool:
        """A SQLite store's write-ahead log emptied (`migrations.checkpoint`): what a write
        replaced is gone from it; False when another connection prevents it."""
        if self.db.dialect != "sqlite":
            return True

        return checkpoint(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
