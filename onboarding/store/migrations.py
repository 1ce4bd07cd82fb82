"""Opening a store: create it, check it is ours and intact, bring an older one up to date.

Nothing is written before the checks pass: a store written by a newer release, a damaged
one (no schema version, no secret, a table missing) or someone else's database is refused
with one line and left byte for byte as it was.
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from sqlalchemy import String, delete, exc, inspect, select, type_coerce, update
from sqlalchemy.engine import Connection

from onboarding.store.connection import Database, sqlite_engine
from onboarding.store.errors import DamagedStore, StoreError
from onboarding.store.tables import (
    SCHEMA_VERSION,
    TABLES,
    Base,
    DeadlineRow,
    MetaRow,
    RegistrationRow,
)

# Tables each older schema had; anything less is a damaged store.
OLD_TABLES = ("onboarding_meta", "registrations", "person_keys")
# Columns schema 3 adds to `registrations` (ALTER TABLE; the values are filled after).
NEW_COLUMNS = ("steps_done", "steps_total", "stage", "obligation_due")


def new_sqlite_store(url: str) -> None:
    """Make a new, empty store file: WAL mode, the tables, the schema version and a secret."""
    engine = sqlite_engine(url, 5.0)
    try:
        raw = engine.raw_connection()
        try:
            raw.execute("PRAGMA journal_mode = WAL")  # lasts: it is kept in the file
        finally:
            raw.close()
        with engine.connect() as conn, conn.begin():
            _create(conn)
    finally:
        engine.dispose()


def _create(conn: Connection) -> None:
    Base.metadata.create_all(conn)
    conn.execute(MetaRow.__table__.insert(), [
        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        {"key": "secret", "value": secrets.token_hex(32)},
    ])


def prepare(db: Database, *, may_create: bool) -> bytes:
    """Check the store (creating it in an empty database that may hold one); its secret."""
    with db.read() as conn:
        tables = set(inspect(conn).get_table_names())
        meta = _meta(conn) if MetaRow.__tablename__ in tables else None
    if not tables:
        if not may_create:
            raise DamagedStore(f"{db.where}: an empty SQLite database, not an onboarding store; "
                               "left untouched")
        with db.write() as conn:
            if not inspect(conn).get_table_names():  # nobody made it meanwhile
                _create(conn)
        return prepare(db, may_create=False)
    if meta is None:
        raise DamagedStore(f"{db.where}: holds other tables, not an onboarding store; "
                           "left untouched")
    version = _version(db, meta)
    secret = _secret(db, meta)
    missing = [t for t in (TABLES if version == SCHEMA_VERSION else OLD_TABLES) if t not in tables]
    if missing:
        raise DamagedStore(f"{db.where}: damaged store (table {missing[0]} is missing); "
                           "left untouched")
    if version < SCHEMA_VERSION:
        migrate(db, secret)
    return secret


def _meta(conn: Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute(select(MetaRow.key, MetaRow.value))}


def _version(db: Database, meta: dict[str, str]) -> int:
    if not meta:
        raise DamagedStore(f"{db.where}: damaged store (its schema version and secret are "
                           "missing); left untouched")
    text = meta.get("schema_version", "")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) < 10_000:
        raise DamagedStore(f"{db.where}: damaged store (schema version {text!r} is not a "
                           "release number); left untouched")
    version = int(text)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{db.where}: written by a newer onboarding (schema {version}; this release "
            f"reads {SCHEMA_VERSION}); upgrade onboarding to open it"
        )
    return version


def _secret(db: Database, meta: dict[str, str]) -> bytes:
    """The key of the person hashes; never replaced, or the limits would stop matching."""
    text = meta.get("secret", "")
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < 16:
        raise DamagedStore(f"{db.where}: damaged store (its secret is missing or unreadable, "
                           "so people could not be matched); left untouched")
    return secret


def migrate(db: Database, secret: bytes) -> None:
    """Schema 1 or 2 to 3, in one transaction: new columns and table, every row derived."""
    from onboarding.store.keys import PersonKeys
    from onboarding.store.summary import write_derived

    if db.dialect == "sqlite":
        _wal(db)
    with db.write() as conn:
        if int(_meta(conn).get("schema_version", "0")) >= SCHEMA_VERSION:
            return  # another process migrated it while this one waited for the lock
        columns = {c["name"] for c in inspect(conn).get_columns("registrations")}
        _add_columns(conn, columns)
        DeadlineRow.__table__.create(conn, checkfirst=True)
        conn.execute(delete(DeadlineRow))  # derived: all of them are made again below
        for index in RegistrationRow.__table__.indexes:
            index.create(conn, checkfirst=True)
        table = RegistrationRow.__table__
        rows = conn.execute(select(
            table.c.id, type_coerce(table.c.state, String),
            type_coerce(table.c.registered_on, String), type_coerce(table.c.verified_on, String),
        )).all()
        keys = PersonKeys(secret)
        for reg_id, state, registered_on, verified_on in rows:
            write_derived(conn, keys, reg_id, _marked(state, registered_on, verified_on),
                          insert_deadlines=True)
        if "current" in columns:
            conn.exec_driver_sql('ALTER TABLE registrations DROP COLUMN "current"')
        conn.execute(update(MetaRow).where(MetaRow.key == "schema_version").values(
            value=str(SCHEMA_VERSION)))


def _add_columns(conn: Connection, present: set[str]) -> None:
    table = RegistrationRow.__table__
    for name in NEW_COLUMNS:
        if name not in present:
            kind = table.c[name].type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE registrations ADD COLUMN {name} {kind}")


def _marked(state: Any, registered_on: Any, verified_on: Any) -> Any:
    """An older store's state with the dates its columns held carried into the answers."""
    from onboarding.store.summary import parse_state, with_marks

    try:
        parsed = parse_state(state)
    except ValueError:
        return state  # a damaged row stays as it is; `write_derived` names it damaged
    return with_marks(parsed, _day(registered_on), _day(verified_on))


def _day(value: Any) -> Any:
    from datetime import date

    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None  # an unreadable old date is dropped; the answers keep theirs


def _wal(db: Database) -> None:
    """Readers never wait for writers from now on (kept in the file)."""
    try:
        raw = db.engine.raw_connection()
        try:
            raw.execute("PRAGMA journal_mode = WAL")
        finally:
            raw.close()
    except (sqlite3.Error, exc.DBAPIError):
        return  # busy now: the next open tries again
