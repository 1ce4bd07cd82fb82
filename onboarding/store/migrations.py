"""Opening a store: create it, check it is ours, intact and ours to open, bring an older one
up to date.

Nothing is written before the checks pass: a store written by a newer release, a damaged
one (no schema version or key fingerprint, a table missing), someone else's database, or a
store whose key this program does not have is refused with one line and left byte for
byte as it was.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    String,
    create_engine,
    delete,
    exc,
    inspect,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection, make_url

from onboarding.i18n import _
from onboarding.locations import store_url
from onboarding.store.audit import Trail
from onboarding.store.connection import Database, sqlite_engine
from onboarding.store.crypto import MasterKey, SealError
from onboarding.store.errors import DamagedStore, NotFound, StoreError
from onboarding.store.files import driver_problem
from onboarding.store.keys import PersonKeys
from onboarding.store.keysource import KeySource
from onboarding.store.summary import parse_state, with_marks, write_derived
from onboarding.store.tables import (
    AUDIT,
    CLIENT_LINKS,
    DEADLINES,
    INDEX_ONLY_SINCE,
    META,
    OLD_INDEXES,
    PERSON_KEYS,
    REGISTRATIONS,
    REQUIREMENTS_SINCE,
    SCHEMA_VERSION,
    TABLES,
    TABLES_SINCE,
    Base,
    DeadlineRow,
    MetaRow,
)
from onboarding.store.upgrade_requirements import add_ends_on, upgrade_requirements

# Tables each older schema had; anything less is a damaged store.
OLD_TABLES = ("onboarding_meta", "registrations", "person_keys")
# Columns schema 3 adds to `registrations` (ALTER TABLE; the values are filled after).
NEW_COLUMNS = ("steps_done", "steps_total", "stage", "obligation_due")
FINGERPRINT = "key_fingerprint"
SALT = "person_key_salt"
RETIRED = "retired_secret."  # + a number: the person-key secret of an earlier key, sealed
_FINGERPRINT_TEXT = re.compile(r"[0-9a-f]{4}(-[0-9a-f]{4}){3}")


@dataclass(frozen=True)
class Opened:
    """What opening a store found: the key that opens it, the store's salt for person keys
    and the earlier keys' person secrets."""

    key: MasterKey
    salt: bytes
    chain: tuple[bytes, ...] = ()

    @property
    def person_secret(self) -> bytes:
        return self.key.person_secret(self.salt)


SQLITE_HEADER = b"SQLite format 3\x00"


def open_database(url: str, timeout: float, *, make_folder: bool,
                  new_key: Callable[[], MasterKey] | None = None) -> tuple[Database, bool]:
    """The database at `url`, and whether this call created it (a new SQLite file).

    `new_key` gives the key of a new store (a missing SQLite file is made only with one).
    """
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise StoreError(_("{url!r} is not a database URL (e.g. sqlite:///path/portfolio.db)")
                           .format(url=url))\
            from None
    where = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite":
        created = False
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database).expanduser()
            where = str(path)
            created = _sqlite_file(path, where, make_folder=make_folder, new_key=new_key)
        return Database(sqlite_engine(url, timeout), where, timeout), created
    problem = driver_problem(url)
    if problem:  # with what to install
        raise StoreError(problem)
    connect_args = {"connect_timeout": max(1, int(timeout))} \
        if parsed.get_backend_name() == "postgresql" else {}
    try:
        engine = create_engine(url, connect_args=connect_args)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
        raise StoreError(_("{where}: cannot use this database ({error})")
                           .format(where=where, error=error)) from None
    return Database(engine, where, timeout), False


def _sqlite_file(path: Path, where: str, *, make_folder: bool,
                 new_key: Callable[[], MasterKey] | None) -> bool:
    """Check an existing store file, or make a new, owner-only one; True when made here.

    A new store is built in a temporary file and linked into place whole, so a store file
    is never empty: an empty or table-less file is someone else's, and is refused. Only the
    default location gets its folder made: a mistyped --db path should fail, not quietly
    start an empty portfolio somewhere new.
    """
    try:
        return _sqlite_file_checked(path, where, make_folder=make_folder, new_key=new_key)
    except OSError as error:  # a name too long, a folder that is a file...
        raise StoreError(_("{where}: cannot open the store ({strerror})")
                           .format(where=where, strerror=error.strerror or error)) from None


def _sqlite_file_checked(path: Path, where: str, *, make_folder: bool,
                         new_key: Callable[[], MasterKey] | None) -> bool:
    if path.exists():
        if path.is_dir():
            raise StoreError(_("{where}: is a folder, not a store file").format(where=where))
        if not path.is_file():
            raise StoreError(_("{where}: not a regular file, not an onboarding store")
                               .format(where=where))
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
        if not head:
            raise DamagedStore(_("{where}: an empty file, not an onboarding store; left "
                                 "untouched").format(where=where))
        if head != SQLITE_HEADER:
            raise DamagedStore(_("{where}: not an onboarding store (not SQLite: corrupt or "
                                 "another kind of file); left untouched").format(where=where))
        return False
    if new_key is None:
        raise NotFound(_("{where}: no store there yet").format(where=where))
    if not make_folder and not path.parent.is_dir():
        raise StoreError(_("{where}: the folder {parent} does not exist")
                           .format(where=where, parent=path.parent))
    key = new_key()  # before anything is made: no key, no store
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise StoreError(_("{where}: cannot create the store ({strerror})")
                           .format(where=where, strerror=error.strerror)) from None
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    temporary.unlink(missing_ok=True)  # left by a crashed run with our process id
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        new_sqlite_store(f"sqlite:///{temporary}", key)
        os.link(temporary, path)  # atomic, and never over a file made meanwhile
    except FileExistsError:
        return False  # another process made it first: use theirs
    except OSError as error:
        raise StoreError(_("{where}: cannot create the store ({strerror})")
                           .format(where=where, strerror=error.strerror)) from None
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-wal"),
                         temporary.with_name(temporary.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return True


def new_sqlite_store(url: str, key: MasterKey) -> None:
    """Make a new, empty store file: WAL mode, the tables, the schema version, the key's
    fingerprint."""
    engine = sqlite_engine(url, 5.0)
    try:
        raw = engine.raw_connection()
        try:
            raw.execute("PRAGMA journal_mode = WAL")  # lasts: it is kept in the file
        finally:
            raw.close()
        with engine.connect() as conn, conn.begin():
            _create(conn, key)
    finally:
        engine.dispose()


def _create(conn: Connection, key: MasterKey) -> None:
    Base.metadata.create_all(conn)
    conn.execute(META.insert(), [
        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        *_key_rows(key),
    ])


def _key_rows(key: MasterKey) -> list[dict[str, str]]:
    """What a store records about its key: the fingerprint, and a salt that is no secret."""
    return [{"key": FINGERPRINT, "value": key.fingerprint},
            {"key": SALT, "value": secrets.token_hex(16)}]


def prepare(db: Database, keys: KeySource, trail: Trail, *, may_create: bool) -> Opened:
    """Check the store (creating it in an empty database that may hold one); its key."""
    with db.read() as conn:
        tables = set(inspect(conn).get_table_names())
        meta = _meta(conn) if MetaRow.__tablename__ in tables else None
    if not tables:
        if not may_create:
            raise DamagedStore(_("{where}: an empty SQLite database, not an onboarding store; "
                                 "left untouched").format(where=db.where))
        key = keys.for_new_store()
        with db.write() as conn:
            if not inspect(conn).get_table_names():  # nobody made it meanwhile
                _create(conn, key)
        return prepare(db, keys, trail, may_create=False)
    if meta is None:
        raise DamagedStore(_("{where}: holds other tables, not an onboarding store; left "
                             "untouched").format(where=db.where))
    version = _version(db, meta)
    if version < INDEX_ONLY_SINCE:
        _secret(db, meta)
    current = version >= INDEX_ONLY_SINCE
    expected = [t for t in TABLES if TABLES_SINCE.get(t, 0) <= version] if current \
        else OLD_TABLES
    missing = [t for t in expected if t not in tables]
    if missing:
        raise DamagedStore(_("{where}: damaged store (table {missing} is missing); left "
                             "untouched").format(where=db.where, missing=missing[0]))
    if not current:
        migrate(db, keys.for_new_store(), trail)
        return prepare(db, keys, trail, may_create=False)  # checks the key it now records
    key = keys.for_store(_fingerprint(db, meta), db.where, db.timeout)
    opened = Opened(key, _salt(db, meta), _chain(db, meta, key))
    if version < SCHEMA_VERSION:
        _upgrade(db, trail, opened)
    return opened


def _upgrade(db: Database, trail: Trail, opened: Opened) -> None:
    """Schema 4 and later, in one transaction: the indexes the portfolio views read, the
    ones they replaced dropped (the answers stay as they are); schema 7's person-key IDs;
    the steps of `UPGRADES`; before schema 9, every registration's derived data by the
    requirements model (`upgrade_requirements`)."""
    with db.write() as conn:
        current = int(_meta(conn).get("schema_version", "0"))
        if current >= SCHEMA_VERSION:
            return  # another process did it while this one waited for the lock
        for name in OLD_INDEXES:
            conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
        for index in REGISTRATIONS.indexes:
            index.create(conn, checkfirst=True)
        if current < 7:
            person_keys_never_reused(conn)
        for step in UPGRADES:
            step(conn)
        if current < REQUIREMENTS_SINCE:
            upgrade_requirements(conn, opened)
        conn.execute(update(MetaRow).where(MetaRow.key == "schema_version").values(
            value=str(SCHEMA_VERSION)))
        trail.write(conn, f"upgrade to schema {SCHEMA_VERSION}", None)


def _client_links(conn: Connection) -> None:
    """Schema 8: the client links' table (and its indexes), where a store has none."""
    CLIENT_LINKS.create(conn, checkfirst=True)


# What a store of schema 4 or later gains on its way to SCHEMA_VERSION, in order: each step
# is self-contained and does nothing when its work is there already, so a store of any
# version in between runs them all, in the upgrade's one transaction.
UPGRADES: tuple[Callable[[Connection], None], ...] = (_client_links,)


def recorded_fingerprint(url: str | None) -> tuple[str, str | None]:
    """Where the store is and the fingerprint of the key it expects, read without opening
    it (no key needed, nothing made or changed); NotFound when there is no store yet."""
    db, _created = open_database(store_url(url), 5.0, make_folder=False)
    try:
        with db.read() as conn:
            if MetaRow.__tablename__ not in inspect(conn).get_table_names():
                raise NotFound(_("{where}: no store yet").format(where=db.where))
            return db.where, _meta(conn).get(FINGERPRINT)
    finally:
        db.close()


def _meta(conn: Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute(select(MetaRow.key, MetaRow.value))}


def _version(db: Database, meta: dict[str, str]) -> int:
    if not meta:
        raise DamagedStore(_("{where}: damaged store (its schema version and key fingerprint "
                             "are missing); left untouched").format(where=db.where))
    text = meta.get("schema_version", "")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) < 10_000:
        raise DamagedStore(_("{where}: damaged store (schema version {text!r} is not a release "
                             "number); left untouched").format(where=db.where, text=text))
    version = int(text)
    if version > SCHEMA_VERSION:
        raise StoreError(
            _("{where}: written by a newer onboarding (schema {version}; this release reads "
              "{SCHEMA_VERSION}); upgrade onboarding to open it")
              .format(where=db.where, version=version, SCHEMA_VERSION=SCHEMA_VERSION)
        )
    return version


def _fingerprint(db: Database, meta: dict[str, str]) -> str:
    """The fingerprint of the store's key; never replaced, or a wrong key would be taken."""
    text = meta.get(FINGERPRINT, "")
    if not _FINGERPRINT_TEXT.fullmatch(text):
        raise DamagedStore(_("{where}: damaged store (its key fingerprint is missing or "
                             "unreadable, so its key cannot be checked); left untouched")
                             .format(where=db.where))
    return text


def _salt(db: Database, meta: dict[str, str]) -> bytes:
    try:
        salt = bytes.fromhex(meta.get(SALT, ""))
    except ValueError:
        salt = b""
    if len(salt) < 16:
        raise DamagedStore(_("{where}: damaged store (its person-key salt is missing or "
                             "unreadable, so people could not be matched); left untouched")
                             .format(where=db.where))
    return salt


def _chain(db: Database, meta: dict[str, str], key: MasterKey) -> tuple[bytes, ...]:
    """The person-key secrets of the keys before this one, oldest first (`keys`)."""
    found = []
    for name in sorted((k for k in meta if k.startswith(RETIRED)),
                       key=lambda k: int(k[len(RETIRED):]) if k[len(RETIRED):].isdigit()
                       else -1):
        try:
            found.append(bytes.fromhex(key.cipher.open(meta[name], f"onboarding_meta.{name}")))
        except (SealError, ValueError, TypeError):
            raise DamagedStore(_("{where}: damaged store (the secret of an earlier key, {name}, "
                                 "does not open); left untouched")
                                 .format(where=db.where, name=name)) from None
    return tuple(found)


def retire(conn: Connection, opened: Opened, new: MasterKey) -> None:
    """Keep the earlier keys' person secrets, and the old key's, sealed with the new key."""
    conn.execute(delete(MetaRow).where(MetaRow.key.startswith(RETIRED)))
    rows = []
    for n, secret in enumerate((*opened.chain, opened.person_secret), 1):
        name = f"{RETIRED}{n}"
        rows.append({"key": name,
                     "value": new.cipher.seal(secret.hex(), f"onboarding_meta.{name}")})
    conn.execute(META.insert(), rows)
    conn.execute(update(MetaRow).where(MetaRow.key == FINGERPRINT).values(
        value=new.fingerprint))


def _secret(db: Database, meta: dict[str, str]) -> bytes:
    """An older store's secret: gone means damaged (its person keys could not be trusted)."""
    text = meta.get("secret", "")
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < 16:
        raise DamagedStore(_("{where}: damaged store (its secret is missing or unreadable, so "
                             "people could not be matched); left untouched").format(where=db.where))
    return secret


def migrate(db: Database, key: MasterKey, trail: Trail) -> None:
    """Schema 1, 2 or 3 to 4, in one transaction: every row derived, sealed and keyed again.

    Older stores get the derived columns and the deadlines table (3) on the way. The old
    secret is deleted; person keys are recomputed from the answers with the key's secret.
    A SQLite file is then vacuumed, so the clear text is gone from it.
    """
    if db.dialect == "sqlite":
        _wal(db)
    with db.write() as conn:
        meta = _meta(conn)
        if int(meta.get("schema_version", "0")) >= SCHEMA_VERSION:
            return  # another process migrated it while this one waited for the lock
        columns = {c["name"] for c in inspect(conn).get_columns("registrations")}
        _add_columns(conn, columns)
        add_ends_on(conn)
        DEADLINES.create(conn, checkfirst=True)
        AUDIT.create(conn, checkfirst=True)
        if db.dialect == "postgresql":  # schema 3 made titles VARCHAR(300); sealed ones are longer
            conn.exec_driver_sql("ALTER TABLE deadlines ALTER COLUMN title TYPE TEXT")
        conn.execute(delete(DeadlineRow))  # derived: all of them are made again below
        for table in (REGISTRATIONS, AUDIT):
            for index in table.indexes:
                index.create(conn, checkfirst=True)
        table = REGISTRATIONS
        rows = conn.execute(select(
            table.c.id, type_coerce(table.c.state, String),
            type_coerce(table.c.registered_on, String), type_coerce(table.c.verified_on, String),
        )).all()
        key_rows = _key_rows(key)
        keys = PersonKeys(Opened(key, bytes.fromhex(key_rows[1]["value"])).person_secret)
        for reg_id, state, registered_on, verified_on in rows:
            write_derived(conn, keys, key.cipher, reg_id,
                          _marked(state, registered_on, verified_on), insert_deadlines=True)
        if "current" in columns:
            conn.exec_driver_sql('ALTER TABLE registrations DROP COLUMN "current"')
        person_keys_never_reused(conn)
        for step in UPGRADES:
            step(conn)
        conn.execute(delete(MetaRow).where(MetaRow.key == "secret"))
        conn.execute(META.insert(), key_rows)
        conn.execute(update(MetaRow).where(MetaRow.key == "schema_version").values(
            value=str(SCHEMA_VERSION)))
        trail.write(conn, f"upgrade to schema {SCHEMA_VERSION}", None)
    if db.dialect == "sqlite":
        scrub(db)


def person_keys_never_reused(conn: Connection) -> None:
    """Schema 7: SQLite never gives a person-key ID twice (AUTOINCREMENT), so a batch
    import's check of the number and highest ID of the person keys sees any change made
    between its chunks. SQLite cannot add AUTOINCREMENT to a table: the table is made anew
    with the same rows. PostgreSQL's sequence never gave an ID twice: nothing to do."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("ALTER TABLE person_keys RENAME TO person_keys_before_7")
    for index in PERSON_KEYS.indexes:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
    PERSON_KEYS.create(conn)
    conn.exec_driver_sql("INSERT INTO person_keys (id, registration_id, kind, digest) "
                         "SELECT id, registration_id, kind, digest FROM person_keys_before_7")
    conn.exec_driver_sql("DROP TABLE person_keys_before_7")


def _add_columns(conn: Connection, present: set[str]) -> None:
    table = REGISTRATIONS
    for name in NEW_COLUMNS:
        if name not in present:
            kind = table.c[name].type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE registrations ADD COLUMN {name} {kind}")


def _marked(state: Any, registered_on: Any, verified_on: Any) -> Any:
    """An older store's state with the dates its columns held carried into the answers."""
    try:
        parsed = parse_state(state)
    except ValueError:
        return state  # a damaged row stays as it is; `write_derived` names it damaged
    return with_marks(parsed, {"registered_on": _day(registered_on),
                               "verified_on": _day(verified_on)})


def _day(value: Any) -> Any:
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


def scrub(db: Database) -> None:
    """Rewrite a SQLite file without its free pages and empty its write-ahead log, so text
    deleted or replaced before (clear answers, an old key's seals) is gone from the files.

    Every connection deletes securely (`secure_delete`); VACUUM also drops what the file
    kept from before. Best effort: a reader holding the file open can make it wait.
    """
    try:
        raw = db.engine.raw_connection()
        try:
            raw.execute("VACUUM")
        finally:
            raw.close()
    except (sqlite3.Error, exc.DBAPIError):
        return
    checkpoint(db)


def checkpoint(db: Database, wait: float = 2.0) -> bool:
    """Empty a SQLite store's write-ahead log into its file (which deletes securely), so the
    log keeps no page from before a write; the log otherwise stays as it is while another
    connection has the store open. False when another connection's read or write prevents
    it (waited `wait` seconds): then the log is emptied when the last connection closes."""
    try:
        raw = db.engine.raw_connection()
        try:
            raw.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            raw.execute(f"PRAGMA busy_timeout = {int(db.timeout * 1000)}")
        finally:
            raw.close()
    except (sqlite3.Error, exc.DBAPIError):
        return False
    return not busy
