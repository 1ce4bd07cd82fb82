"""The portfolio: every client registration, finished or not, in one SQL database.

SQLite in the user data folder by default; any SQLAlchemy URL (PostgreSQL for a team)
with --db or $ONBOARDING_DB. Each write is one transaction that holds the store's write
lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock) from the cross-account check
to the commit, so two processes can never both take an administrator's fifth account.
People are matched by keyed hashes (HMAC with a per-database secret) kept beside the
answers, so the limits never need a table of raw ID or passport numbers.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    create_engine,
    delete,
    event,
    exc,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

import forms
from forms.clock import today
from forms.fields import not_a_past_date
from forms.issues import Issue
from forms.ledger import AccountKeys, Ledger, draft_keys
from forms.schedule import OBLIGATIONS, Deadline, deadlines
from onboarding.cli import EXIT_INVALID, CommandError
from onboarding.locations import default_store_url, store_url
from onboarding.wizard import START, Wizard

# 1: the first release. 2: account names join the person keys (kind "name"), so a name
# is checked across the portfolio; opening a version-1 store computes them once.
SCHEMA_VERSION = 2
SQLITE_HEADER = b"SQLite format 3\x00"
PG_WRITE_LOCK = 0x0B0A_2D01  # advisory lock id shared by every writer of one database

class StoreError(CommandError):
    """The store cannot be used (corrupt, locked, newer): one line for the user, exit 2."""


class NotFound(StoreError):
    exit_code = EXIT_INVALID


class Refused(StoreError):
    """The store is fine but the request breaks a rule (mark a draft registered...)."""

    exit_code = EXIT_INVALID


class InvalidRegistration(Refused):
    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    __tablename__ = "onboarding_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class RegistrationRow(Base):
    __tablename__ = "registrations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(200))
    flow: Mapped[str | None] = mapped_column(String(40))
    current: Mapped[str] = mapped_column(String(40))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    registered_on: Mapped[date | None] = mapped_column(Date)
    verified_on: Mapped[date | None] = mapped_column(Date)


class PersonKeyRow(Base):
    """One email, administrator or operator of a registration, as a keyed hash."""

    __tablename__ = "person_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # email | name | admin | operator
    digest: Mapped[str] = mapped_column(String(64), index=True)


def jsonable(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as JSON holds them: dates become ISO strings (the forms accept both)."""
    return json.loads(json.dumps(dict(answers), default=_iso, ensure_ascii=False))


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not an answer value")


@dataclass
class Record:
    """One stored registration and what follows from it."""

    id: int
    client: str
    flow: str | None
    state: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    registered_on: date | None = None
    verified_on: date | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.get("answers", {})

    def wizard(self, extra_checks: Any = None) -> Wizard:
        if extra_checks is None:
            return Wizard.from_state(self.state)
        return Wizard.from_state(self.state, extra_checks)

    @cached_property
    def _wizard(self) -> Wizard:
        return self.wizard()

    @cached_property
    def _registration(self) -> forms.Registration | None:
        result = self._wizard.result()
        return result.registration if result.ok else None

    def registration(self) -> forms.Registration | None:
        """The validated registration, or None while the draft is incomplete or invalid."""
        return self._registration

    def progress(self) -> tuple[int, int | None]:
        """(steps done, steps on its path); the total is unknown until an entity is chosen."""
        done, total = self._wizard.progress
        return done, total if self.flow else None

    def progress_text(self) -> str:
        done, total = self.progress()
        return f"{done}/{'?' if total is None else total}"

    @property
    def is_draft(self) -> bool:
        return self._wizard.is_draft

    def deadlines(self) -> list[Deadline]:
        reg = self._registration
        return deadlines(reg, self.registered_on, self.verified_on) if reg else []

    def next_deadline(self, on: date) -> Deadline | None:
        """The soonest dated deadline still to meet (an overdue obligation counts), or None."""
        dated = [
            d for d in self.deadlines()
            if d.due is not None and (d.due >= on or d.kind in OBLIGATIONS)
        ]
        return dated[0] if dated else None

    def status(self, on: date) -> str:
        if self.is_draft:
            return "draft"
        if any(d.due and d.due < on and d.kind in OBLIGATIONS for d in self.deadlines()):
            return "overdue"
        if self.verified_on:
            return "verified"
        return "registered" if self.registered_on else "ready"

    def answers_file(self) -> dict[str, Any]:
        """The answers an export writes: the registration with its marked dates."""
        dates = {"registered_on": self.registered_on, "verified_on": self.verified_on}
        carried = {k: v for k, v in dates.items() if v} == _answered_dates(self.answers)
        state = self.state if carried else _with_lifecycle(self.state, dates)
        return Wizard.from_state(state).registration_answers()

    def step_title(self) -> str:
        from forms.registry import STEP

        spec = STEP.get(self.state.get("current", START))
        return spec.en if spec else "?"


_COLUMNS = RegistrationRow.__table__.c


def _record(row: Mapping[str, Any]) -> Record:
    return Record(
        id=row["id"],
        client=row["client"],
        flow=row["flow"],
        state=copy.deepcopy(row["state"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        registered_on=row["registered_on"],
        verified_on=row["verified_on"],
    )


def _state_of(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A complete wizard state for answers that arrive whole (an imported file)."""
    wizard = Wizard(answers)
    path = wizard.path
    return {"answers": dict(answers), "current": path[-1], "submitted": path}


def _answered_dates(answers: Mapping[str, Any]) -> dict[str, date]:
    """The lifecycle dates an answers document gives (an exported file carries them)."""
    def day(part: Any, key: str) -> date | None:
        value = part.get(key) if isinstance(part, Mapping) else None
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    lifecycle = answers.get("lifecycle")
    found = {
        "registered_on": day(lifecycle, "registered_on")
        or day(answers.get("verification"), "registered_on"),
        "verified_on": day(lifecycle, "verified_on"),
    }
    return {k: v for k, v in found.items() if v is not None}


def _with_lifecycle(state: Mapping[str, Any], dates: Mapping[str, date | None]
                    ) -> dict[str, Any]:
    """The state with the marked dates written into its answers, so an export carries them.

    A registration date already answered in the verification step follows the mark.
    """
    state = copy.deepcopy(dict(state))
    answers = state.setdefault("answers", {})
    answers["lifecycle"] = {k: v.isoformat() for k, v in dates.items() if v is not None}
    verification = answers.get("verification")
    if isinstance(verification, dict) and verification.get("registered_on") and dates.get(
            "registered_on"):
        verification["registered_on"] = dates["registered_on"].isoformat()
    return state


class Store:
    """Open with `open_store`. Methods are transactions; records are plain copies."""

    def __init__(self, engine: Engine, where: str, timeout: float) -> None:
        self.engine = engine
        self.where = where
        self.timeout = timeout
        self._secret = self._prepare()

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """Database failures as one line naming the store, never a traceback."""
        try:
            yield
        except exc.OperationalError as error:
            text = str(error.orig).lower()
            if "locked" in text or "busy" in text:
                raise StoreError(
                    f"{self.where}: the store is locked by another program "
                    f"(waited {self.timeout:g} s); try again when it is done"
                ) from None
            if "unable to open" in text or "readonly" in text or "read-only" in text:
                raise StoreError(f"{self.where}: cannot open the store for writing") from None
            raise StoreError(f"{self.where}: {str(error.orig).splitlines()[0]}") from None
        except exc.DatabaseError as error:
            reason = str(error.orig).splitlines()[0]
            raise StoreError(
                f"{self.where}: not a readable onboarding store ({reason}); left untouched"
            ) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._translate(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction holding the store-wide write lock until it commits."""
        with self._translate(), self.engine.connect() as raw:
            conn = raw.execution_options(immediate=True)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
                yield conn

    def _prepare(self) -> bytes:
        """Create the schema on first use; refuse stores this release must not touch."""
        with self._read() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables and MetaRow.__tablename__ not in tables:
            raise StoreError(
                f"{self.where}: holds other tables, not an onboarding store; left untouched"
            )
        with self._write() as conn:
            Base.metadata.create_all(conn)
            meta = {k: v for k, v in conn.execute(select(MetaRow.key, MetaRow.value))}
            if not meta:
                meta = {"schema_version": str(SCHEMA_VERSION), "secret": secrets.token_hex(32)}
                conn.execute(MetaRow.__table__.insert(), [
                    {"key": k, "value": v} for k, v in meta.items()
                ])
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.where}: written by a newer onboarding (schema {version}; this release "
                f"reads {SCHEMA_VERSION}); upgrade onboarding to open it"
            )
        self._secret = bytes.fromhex(meta["secret"])
        if version < SCHEMA_VERSION:
            self._migrate()
        return self._secret

    def _migrate(self) -> None:
        """Bring an older store up to this schema: every registration's keys recomputed."""
        with self._write() as conn:
            rows = conn.execute(select(RegistrationRow.id, RegistrationRow.state)).all()
            for reg_id, state in rows:
                self._put_keys(conn, reg_id, self._keys((state or {}).get("answers") or {}))
            conn.execute(update(MetaRow).where(MetaRow.key == "schema_version").values(
                value=str(SCHEMA_VERSION)))

    # -- person keys ------------------------------------------------------------------

    def _digest(self, key: str) -> str:
        return hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()

    def _keys(self, answers: Mapping[str, Any]) -> AccountKeys:
        return draft_keys(answers).hashed(self._digest)

    def _ledger(self, conn: Connection, exclude_id: int | None) -> Ledger:
        rows = conn.execute(
            select(PersonKeyRow.registration_id, PersonKeyRow.kind, PersonKeyRow.digest)
        ).all()
        grouped: dict[int, dict[str, list[str]]] = {}
        for reg_id, kind, digest in rows:
            if reg_id != exclude_id:
                grouped.setdefault(reg_id, {}).setdefault(kind, []).append(digest)
        return Ledger.of(
            AccountKeys(
                email=(g.get("email") or [None])[0],
                name=(g.get("name") or [None])[0],
                admin=(g.get("admin") or [None])[0],
                operators=tuple(g.get("operator", ())),
            )
            for g in grouped.values()
        )

    def _put_keys(self, conn: Connection, reg_id: int, keys: AccountKeys) -> None:
        conn.execute(delete(PersonKeyRow).where(PersonKeyRow.registration_id == reg_id))
        rows = [("email", keys.email), ("name", keys.name), ("admin", keys.admin)]
        rows += [("operator", op) for op in keys.operators]
        values = [
            {"registration_id": reg_id, "kind": kind, "digest": digest}
            for kind, digest in rows
            if digest
        ]
        if values:
            conn.execute(PersonKeyRow.__table__.insert(), values)

    def checker(self, exclude_id: int | None = None) -> Callable[[str, Mapping[str, Any]],
                                                                  list[Issue]]:
        """The wizard's cross-account check, against the portfolio as it is now.

        One read, then every keystroke checks in memory; the save re-checks under the
        write lock, so a registration added meanwhile elsewhere is still caught.
        """
        with self._read() as conn:
            ledger = self._ledger(conn, exclude_id)
        return lambda step, answers: ledger.issues(self._keys(answers))

    def cross_account_issues(
        self, answers: Mapping[str, Any], exclude_id: int | None = None
    ) -> list[Issue]:
        """What these answers break across the portfolio (drafts count: they are clients)."""
        with self._read() as conn:
            return self._ledger(conn, exclude_id).issues(self._keys(answers))

    # -- reading ----------------------------------------------------------------------

    def list(self) -> list[Record]:
        with self._read() as conn:
            rows = conn.execute(select(*_COLUMNS).order_by(_COLUMNS.id)).mappings().all()
        return [_record(row) for row in rows]

    def get(self, reg_id: int) -> Record:
        with self._read() as conn:
            row = conn.execute(select(*_COLUMNS).where(_COLUMNS.id == reg_id)).mappings().first()
        if row is None:
            raise NotFound(f"no registration with ID {reg_id}")
        return _record(row)

    # -- writing ----------------------------------------------------------------------

    def add(self, answers: Mapping[str, Any]) -> Record:
        """Store a whole registration (an imported answers file) that passes every rule."""
        answers = jsonable(answers)
        result = forms.validate(answers)
        if result.errors or result.registration is None:
            raise InvalidRegistration(result.errors)
        return self._save(_state_of(answers), None)

    def save_draft(self, state: Mapping[str, Any], reg_id: int | None = None) -> Record:
        """Autosave of the wizard: any draft is kept; a complete one must pass every rule."""
        return self._save(dict(state), reg_id)

    def _save(self, state: dict[str, Any], reg_id: int | None) -> Record:
        state = jsonable(state)
        answers = state.get("answers") or {}
        wizard = Wizard.from_state(state)
        keys = self._keys(answers)
        now = datetime.now(UTC)
        client = str(answers.get("client") or "").strip() or "(no client name yet)"
        answered = _answered_dates(answers)
        values: dict[str, Any] = {
            "client": client[:200],
            "flow": wizard.entity,
            "current": wizard.current,
            "state": state,
            "updated_at": now,
        }
        with self._write() as conn:
            if wizard.complete:
                found = [
                    *wizard.result().errors,
                    *self._ledger(conn, reg_id).issues(keys),
                ]
                if found:
                    raise InvalidRegistration(found)
            for key, day in answered.items():  # dates in the answers count until marked
                values[key] = func.coalesce(getattr(RegistrationRow, key), day)
            if reg_id is None:
                values |= {"created_at": now, **answered}
                reg_id = conn.execute(
                    RegistrationRow.__table__.insert().returning(RegistrationRow.id), values
                ).scalar_one()
            elif not conn.execute(
                update(RegistrationRow).where(RegistrationRow.id == reg_id).values(values)
            ).rowcount:
                raise NotFound(f"no registration with ID {reg_id}")
            self._put_keys(conn, reg_id, keys)
        return self.get(reg_id)

    def remove(self, reg_id: int) -> None:
        with self._write() as conn:
            conn.execute(delete(PersonKeyRow).where(PersonKeyRow.registration_id == reg_id))
            gone = conn.execute(delete(RegistrationRow).where(RegistrationRow.id == reg_id))
            if not gone.rowcount:
                raise NotFound(f"no registration with ID {reg_id}")

    def mark(self, reg_id: int, what: str, on: date | None = None) -> Record:
        """Record that the account was created (registered) or verified on a day."""
        on = on or today()
        record = self.get(reg_id)
        if what not in ("registered", "verified"):
            raise Refused(f"cannot mark {what!r}: choose registered or verified")
        wrong_day = not_a_past_date(on)
        if wrong_day:
            raise Refused(wrong_day)
        if record.is_draft:
            raise Refused(f"registration {reg_id} is still a draft: finish it first")
        if what == "registered":
            if record.verified_on and on > record.verified_on:
                raise Refused(f"it was verified on {record.verified_on}, before {on}")
            values: dict[str, Any] = {"registered_on": on}
        else:
            if record.registered_on is None:
                raise Refused(f"registration {reg_id} is not registered yet: mark it "
                                 "registered first")
            if on < record.registered_on:
                raise Refused(f"it was registered on {record.registered_on}, after {on}")
            values = {"verified_on": on}
        dates = {"registered_on": record.registered_on, "verified_on": record.verified_on}
        values["state"] = _with_lifecycle(record.state, dates | values)
        clash = Wizard.from_state(values["state"]).result().errors
        if clash:
            raise Refused(f"{what} on {on} does not fit the answers: "
                          + "; ".join(str(issue) for issue in clash))
        with self._write() as conn:
            conn.execute(
                update(RegistrationRow).where(RegistrationRow.id == reg_id).values(
                    values | {"updated_at": datetime.now(UTC)}
                )
            )
        return self.get(reg_id)

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_file(path: Path, where: str, *, make_folder: bool) -> None:
    """Create a new store file owner-only; refuse one that is not SQLite at all.

    Only the default location gets its folder made: a mistyped --db path should fail,
    not quietly start an empty portfolio somewhere new.
    """
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{where}: is a folder, not a store file")
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
        if head and head != SQLITE_HEADER:
            raise StoreError(f"{where}: not an onboarding store (not SQLite: corrupt or "
                             "another kind of file); left untouched")
        return
    if not make_folder and not path.parent.is_dir():
        raise StoreError(f"{where}: the folder {path.parent} does not exist")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # another process created it first
    except OSError as error:
        raise StoreError(f"{where}: cannot create the store ({error.strerror})") from None


def _sqlite_engine(url: str, timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy issue BEGIN itself
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def open_store(url: str | None = None, *, timeout: float = 30.0) -> Store:
    """The store at `url`, $ONBOARDING_DB, or the default SQLite file, ready to use."""
    url = store_url(url)
    default = url == default_store_url()
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise StoreError(f"{url!r} is not a database URL (e.g. sqlite:///path/portfolio.db)")\
            from None
    where = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database).expanduser()
            where = str(path)
            _sqlite_file(path, where, make_folder=default)
        engine = _sqlite_engine(url, timeout)
    else:
        try:
            engine = create_engine(url, connect_args=_connect_args(parsed, timeout))
        except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
            raise StoreError(f"{where}: cannot use this database ({error})") from None
    try:
        return Store(engine, where, timeout)
    except StoreError:
        engine.dispose()
        raise


def _connect_args(parsed: Any, timeout: float) -> dict[str, Any]:
    if parsed.get_backend_name() == "postgresql":
        return {"connect_timeout": max(1, int(timeout))}
    return {}
