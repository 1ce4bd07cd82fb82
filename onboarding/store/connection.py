"""Reaching the database: engines, the write lock, transactions, and one-line errors.

Writers hold the store-wide write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory
lock) from their checks to the commit. Readers never wait for writers: a SQLite store is
in WAL mode and reads take no lock; PostgreSQL reads are plain snapshots.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Connection, Engine

from onboarding.i18n import _
from onboarding.store.errors import DamagedStore, StoreError

if TYPE_CHECKING:
    pass

PG_WRITE_LOCK = 0x0B0A_2D01  # advisory lock id shared by every writer of one database
PG_ROTATION_LOCK = 0x0B0A_2D02  # held by a key rotation from its first step to its last


class Database:
    """An engine with the store's transaction rules and error wording."""

    def __init__(self, engine: Engine, where: str, timeout: float) -> None:
        self.engine = engine
        self.where = where
        self.timeout = timeout

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def translate(self) -> Iterator[None]:
        """Database failures as one line naming the store, never a traceback."""
        try:
            yield
        except exc.OperationalError as error:
            text = str(error.orig).lower()
            if "locked" in text or "busy" in text:
                raise StoreError(
                    _("{where}: the store is locked by another program (waited {timeout:g} s); "
                      "try again when it is done").format(where=self.where, timeout=self.timeout)
                ) from None
            if "unable to open" in text or "readonly" in text or "read-only" in text:
                raise StoreError(_("{where}: cannot open the store for writing")
                                   .format(where=self.where)) from None
            raise StoreError(f"{self.where}: {_first_line(error.orig)}") from None
        except exc.DatabaseError as error:
            raise DamagedStore(
                _("{where}: not a readable onboarding store ({orig}); left untouched")
                  .format(where=self.where, orig=_first_line(error.orig))
            ) from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A plain read: no write lock, so it never waits for a writer."""
        with self.translate(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction holding the store-wide write lock until it commits."""
        with self.translate(), self.engine.connect() as raw:
            conn = raw.execution_options(immediate=True)
            with conn.begin():
                lock(conn)
                yield conn

    @contextmanager
    def session_lock(self, lock_id: int, what: str) -> Iterator[None]:
        """A PostgreSQL session advisory lock held across transactions (one `what` at a time
        on the database, from any machine); waits up to the store's timeout. SQLite has
        none: its writers take the write lock."""
        if self.dialect != "postgresql":
            yield
            return
        with self.translate(), self.engine.connect() as conn:
            deadline = time.monotonic() + self.timeout
            while not conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({lock_id})").scalar():
                conn.rollback()
                if time.monotonic() >= deadline:
                    raise StoreError(_("{where}: {what} is under way elsewhere (waited "
                                       "{timeout:g} s); try again when it is done")
                                       .format(where=self.where, what=what,
                                               timeout=self.timeout))
                time.sleep(0.05)
            conn.commit()  # the session's lock stays; no transaction is left open
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({lock_id})")
                conn.commit()

    def close(self) -> None:
        self.engine.dispose()


def lock(conn: Connection) -> None:
    """Take the write lock in the open transaction (SQLite took it with BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _first_line(error: object) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


def sqlite_engine(url: str, timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy issue BEGIN itself
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        # WAL: a commit is safe from crashes with NORMAL; readers never wait for writers.
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")
        # What is deleted or replaced is overwritten, not left in free pages of the file.
        dbapi_connection.execute("PRAGMA secure_delete = ON")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _indexed_by(_conn: Connection, _cursor: Any, statement: str, parameters: Any,
                    context: Any, _many: bool) -> tuple[str, Any]:
        """A query marked `indexed_by=(table, index)` reads that index (SQLite's INDEXED BY).

        SQLite judges a row by its declared columns, so it scans the registrations (each
        carrying its sealed answers) rather than the covering index a filter needs: 45 ms
        against 8 ms at 100,000 registrations. SQLAlchemy renders no SQLite index hints.
        """
        wanted = context.execution_options.get("indexed_by") if context else None
        if wanted:
            table, index = wanted
            statement = re.sub(rf"\bFROM {table}\b", f"FROM {table} INDEXED BY {index}",
                               statement, count=1)
        return statement, parameters

    return engine
