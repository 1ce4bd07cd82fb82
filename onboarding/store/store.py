"""The `Store`: the portfolio's reads and writes, each one transaction.

Every write holds the write lock from its checks to its commit: the cross-account limits
are checked against the store as it is at that moment, the answers (the one truth) are
written sealed with the columns derived from them, an audit row says who did it, and
nothing is read outside the lock and written back later. Each write also checks that the
store still uses this program's key (another consultant may have rotated it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import String, delete, func, select, type_coerce, update
from sqlalchemy.engine import Connection

import forms
from forms.clock import today
from forms.fields import not_a_past_date
from forms.issues import Issue
from forms.ledger import AccountKeys, Ledger
from onboarding.locations import default_store_url, store_url
from onboarding.store import lifecycle, queries
from onboarding.store.audit import CLI, Entry, Trail, changed_fields, entries
from onboarding.store.connection import Database, lock, open_database
from onboarding.store.crypto import MasterKey, SealError
from onboarding.store.errors import (
    DamagedStore,
    InvalidRegistration,
    KeyProblem,
    NotFound,
    Refused,
)
from onboarding.store.keys import PersonKeys, rows_of
from onboarding.store.keysource import KeySource
from onboarding.store.migrations import FINGERPRINT, Opened, prepare
from onboarding.store.queries import Due, Extent, PortfolioRow
from onboarding.store.record import Record, read_only
from onboarding.store.sealing import open_state, open_title, seal_state
from onboarding.store.summary import (
    Summary,
    carry_marks,
    deadline_rows,
    jsonable,
    parse_state,
    put_deadlines,
    state_of,
    summarize,
)
from onboarding.store.tables import DeadlineRow, MetaRow, PersonKeyRow, RegistrationRow

IMPORT_CHUNK = 500  # files per commit in a batch import
CHECK_CACHE = 64  # distinct sets of keys a wizard's checker remembers


@dataclass(frozen=True)
class Added:
    """A file a batch import stored (committed)."""

    id: int
    client: str


class Store:
    """Open with `open_store`. Methods are transactions; records are plain copies."""

    def __init__(self, db: Database, opened: Opened, key_source: KeySource | None = None,
                 trail: Trail | None = None) -> None:
        self.db = db
        self.where = db.where
        self.key_source = key_source or KeySource(opened.key)
        self.trail = trail or Trail()
        self._use(opened)

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

    # -- reading ----------------------------------------------------------------------

    def get(self, reg_id: int) -> Record:
        """One registration, its personal answers opened."""
        with self.db.read() as conn:
            return self._opened(conn, queries.record(conn, reg_id))

    def list(self) -> list[Record]:
        """Every registration in full (small portfolios and tests; views use `rows`)."""
        with self.db.read() as conn:
            return [self._opened(conn, record) for record in queries.records(conn)]

    def _opened(self, conn: Connection, record: Record) -> Record:
        try:
            record.state = open_state(record.state, self.cipher)
        except SealError as exc:
            self._check_key(conn)  # the key changed meanwhile: say that, not "damaged"
            raise DamagedStore(f"registration #{record.id} is damaged ({exc}); the rest of "
                               "the portfolio is fine") from None
        return record

    def rows(self, on: date, search: str | None = None, *, offset: int = 0,
             limit: int | None = None, order: str = "id") -> list[PortfolioRow]:
        """The portfolio as the views list it, filtered and sorted in SQL, a page at a time."""
        with self.db.read() as conn:
            return self._titled(queries.portfolio_rows(conn, on, search, offset=offset,
                                                       limit=limit, order=order))

    def _titled(self, rows: list[PortfolioRow]) -> list[PortfolioRow]:
        """Next deadlines whose titles name a person, opened (the only sealed column read)."""
        for row in rows:
            if row.next is not None:
                row.next.title = open_title(row.next.title, self.cipher)
        return rows

    def count(self, on: date, search: str | None = None) -> int:
        with self.db.read() as conn:
            return queries.count(conn, on, search)

    def extent(self, on: date, search: str | None = None) -> Extent:
        with self.db.read() as conn:
            return queries.extent(conn, on, search)

    def position(self, on: date, search: str | None, reg_id: int, order: str = "id"
                 ) -> int | None:
        with self.db.read() as conn:
            return queries.position(conn, on, search, reg_id, order)

    def page(self, on: date, search: str | None, *, offset: int, limit: int,
             order: str = "id") -> tuple[list[PortfolioRow], int]:
        """A page of a (filtered, sorted) view with the view's size, in one pass."""
        with self.db.read() as conn:
            rows, size = queries.page(conn, on, search, offset=offset, limit=limit,
                                      order=order)
        return self._titled(rows), size

    def due(self, on: date, within: int | None = None) -> list[Due]:
        with self.db.read() as conn:
            found = queries.due_list(conn, on, within)
        for due in found:
            due.title = open_title(due.title, self.cipher)
        return found

    def history(self, reg_id: int | None = None) -> list[Entry]:
        """The audit trail, oldest first: one registration's (removed ones too), or all."""
        with self.db.read() as conn:
            found = entries(conn, reg_id)
            if reg_id is not None and not found:
                queries.record(conn, reg_id)  # NotFound when there is no such registration
        return found

    # -- cross-account limits ---------------------------------------------------------

    def checker(self, exclude: int | Callable[[], int | None] | None = None
                ) -> Callable[[str, Mapping[str, Any]], list[Issue]]:
        """The wizard's cross-account check, against the portfolio as it is now.

        `exclude` is the registration being edited (or a function giving it: a new one
        gets its ID at the first save). Each distinct set of keys costs one indexed read,
        remembered while the wizard is open; the save re-checks under the write lock, so a
        registration added meanwhile elsewhere is still caught.
        """
        seen: dict[tuple[AccountKeys, int | None], Ledger] = {}

        def check(step: str, answers: Mapping[str, Any]) -> list[Issue]:
            keys = self.keys.of(answers)
            exclude_id = exclude() if callable(exclude) else exclude
            if (keys, exclude_id) not in seen:
                if len(seen) >= CHECK_CACHE:
                    seen.clear()
                with self.db.read() as conn:
                    seen[keys, exclude_id] = self.keys.ledger(conn, keys, exclude_id)
            return seen[keys, exclude_id].issues(keys)

        return check

    def cross_account_issues(self, answers: Mapping[str, Any], exclude_id: int | None = None
                             ) -> list[Issue]:
        """What these answers break across the portfolio (drafts count: they are clients)."""
        keys = self.keys.of(answers)
        with self.db.read() as conn:
            return self.keys.ledger(conn, keys, exclude_id).issues(keys)

    # -- writing ----------------------------------------------------------------------

    def add(self, answers: Mapping[str, Any]) -> Record:
        """Store a whole registration (an imported answers file) that passes every rule."""
        ((_, outcome),) = self.add_many([("", answers)])
        if isinstance(outcome, InvalidRegistration):
            raise outcome
        return self.get(outcome.id)

    def add_many(self, documents: Iterable[tuple[str, Any]], chunk: int = IMPORT_CHUNK
                 ) -> Iterator[tuple[str, Any]]:
        """Import answers documents: each (name, outcome) once its chunk is committed.

        A document is a mapping of answers; anything else (the error of a file that could
        not be read) passes through as its own outcome. Each file goes in whole or not at
        all; an invalid one is reported as `InvalidRegistration` and the rest go in. The
        write lock is taken once per chunk, and the person keys are read once for the whole
        batch: each file is checked against them and the files before it.
        """
        pending = iter(documents)
        ledger: Ledger | None = None
        expected: tuple[int, int] | None = None
        with self.db.translate(), self.db.engine.connect() as raw:
            conn = raw.execution_options(immediate=True)
            while batch := list(islice(pending, chunk)):
                with conn.begin():
                    lock(conn)
                    self._check_key(conn)
                    if ledger is None or _key_count(conn) != expected:
                        ledger = self.keys.snapshot(conn)  # first, or another writer came
                    outcomes = [(name, self._check_one(ledger, doc)) for name, doc in batch]
                    accepted = [o for _, o in outcomes if isinstance(o, _Accepted)]
                    ids = self._insert_many(conn, accepted)
                    self.trail.write_many(conn, [
                        self.trail.row("import", reg_id, changed_fields(None, a.answers))
                        for reg_id, a in zip(ids, accepted, strict=True)])
                    expected = _key_count(conn)
                added = iter(ids)
                yield from ((name, Added(next(added), o.summary.columns["client"])
                             if isinstance(o, _Accepted) else o) for name, o in outcomes)

    def _check_one(self, ledger: Ledger, document: Any) -> Any:
        """A document checked against every rule and the ledger (which then counts it)."""
        if not isinstance(document, Mapping):
            return document
        answers = jsonable(document)
        result = forms.validate(answers)
        if result.errors or result.registration is None:
            return InvalidRegistration(result.errors)
        keys = self.keys.of_registration(result.registration)
        found = ledger.errors(keys)  # a warning (an organization's quota) never refuses
        if found:
            return InvalidRegistration(found)
        ledger.add(keys)
        state = state_of(answers)
        return _Accepted(state, summarize(state, result, whole=True), keys)

    def _insert(self, conn: Connection, state: dict[str, Any], summary: Summary,
                keys: AccountKeys) -> int:
        (reg_id,) = self._insert_many(conn, [_Accepted(state, summary, keys)])
        return reg_id

    def _insert_many(self, conn: Connection, accepted: list[_Accepted]) -> list[int]:
        """New registrations, sealed, with their person keys and deadlines: three statements
        in all (a chunk of an import is one round trip each, not three per file)."""
        if not accepted:
            return []
        now = datetime.now(UTC)
        ids = [int(i) for i in conn.execute(
            RegistrationRow.__table__.insert().returning(RegistrationRow.id,
                                                         sort_by_parameter_order=True),
            [{"state": seal_state(a.state, self.cipher), "created_at": now, "updated_at": now,
              **a.summary.columns} for a in accepted],
        ).scalars()]
        key_rows = [row for reg_id, a in zip(ids, accepted, strict=True)
                    for row in rows_of(reg_id, a.keys)]
        if key_rows:
            conn.execute(PersonKeyRow.__table__.insert(), key_rows)
        due_rows = [row for reg_id, a in zip(ids, accepted, strict=True)
                    for row in deadline_rows(reg_id, a.summary, self.cipher)]
        if due_rows:
            conn.execute(DeadlineRow.__table__.insert(), due_rows)
        return ids

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
            raise KeyProblem(f"{self.where}: the store's key was changed since this program "
                             f"opened it (it now expects the key {recorded}); start again "
                             "with the new key")

    def save_draft(self, state: Mapping[str, Any], reg_id: int | None = None) -> Record:
        """Autosave of the wizard: any draft is kept; a complete one must pass every rule.

        Dates marked meanwhile (by `mark`, elsewhere) are kept: the wizard never edits them.
        """
        state = jsonable(state)
        state.pop("purged", None)  # only a purge says so
        with self._write() as conn:
            before = None
            if reg_id is not None:
                stored = self._stored(conn, reg_id)
                refusal = read_only(reg_id, stored)
                if refusal:
                    raise Refused(refusal)
                before = stored.get("answers") or {}
                state = carry_marks(state, stored)
            summary = summarize(state)
            keys = self.keys.of(state.get("answers") or {})
            if summary.wizard is not None and summary.wizard.complete:
                found = [*(summary.result.errors if summary.result else []),
                         *self.keys.ledger(conn, keys, reg_id).errors(keys)]
                if found:
                    raise InvalidRegistration(found)
            fields = changed_fields(before, state.get("answers") or {})
            if reg_id is None:
                reg_id = self._insert(conn, state, summary, keys)
                self.trail.write(conn, "new", reg_id, fields)
            else:
                self._update(conn, reg_id, state, summary)
                self.keys.put(conn, reg_id, keys)
                if fields:
                    self.trail.write(conn, "save", reg_id, fields)
        return self.get(reg_id)

    def _update(self, conn: Connection, reg_id: int, state: dict[str, Any],
                summary: Summary) -> None:
        conn.execute(update(RegistrationRow).where(RegistrationRow.id == reg_id).values(
            state=seal_state(state, self.cipher), updated_at=datetime.now(UTC),
            **summary.columns))
        put_deadlines(conn, reg_id, summary, self.cipher)

    def remove(self, reg_id: int) -> None:
        with self._write() as conn:
            conn.execute(delete(PersonKeyRow).where(PersonKeyRow.registration_id == reg_id))
            gone = conn.execute(delete(RegistrationRow).where(RegistrationRow.id == reg_id))
            if not gone.rowcount:
                raise NotFound(f"no registration with ID {reg_id}")
            self.trail.write(conn, "remove", reg_id)

    def purge(self, reg_id: int) -> tuple[Record, bool]:
        """Remove a verified registration's personal answers; keep its person keys.

        The limits still count it (its keyed hashes stay), its deadlines and status go on;
        the checklist and export show the fields as removed. True when this call removed
        them, False when they were already gone.
        """
        with self._write() as conn:
            state = self._stored(conn, reg_id)
            if state.get("purged"):
                return self._record(conn, reg_id), False
            kept, after, fields = lifecycle.purged(state, reg_id, today())
            self._update(conn, reg_id, kept, after)  # person keys stay as they are
            self.trail.write(conn, "purge", reg_id, fields)
            return self._record(conn, reg_id), True

    def _record(self, conn: Connection, reg_id: int) -> Record:
        return self._opened(conn, queries.record(conn, reg_id))

    def mark(self, reg_id: int, what: str, on: date | None = None) -> Record:
        """Record that the account was created (registered) or verified on a day.

        Read, checked and written in one transaction under the write lock, so a save made
        at the same moment is never overwritten with what was read before it.
        """
        on = on or today()
        if what not in lifecycle.MARKS:
            raise Refused(f"cannot mark {what!r}: choose registered or verified")
        wrong_day = not_a_past_date(on)
        if wrong_day:
            raise Refused(wrong_day)
        with self._write() as conn:
            state = self._stored(conn, reg_id)
            after_state, after = lifecycle.marked(state, reg_id, what, on)
            self._update(conn, reg_id, after_state, after)
            self.trail.write(conn, f"mark {what}", reg_id,
                             changed_fields(state.get("answers"), after_state.get("answers") or {}))
        return self.get(reg_id)

    def rotate(self, new: MasterKey) -> None:
        """Seal everything with a new key in one transaction (`rotation`)."""
        from onboarding.store.rotation import rotate

        with self._write() as conn:
            rotate(conn, self.opened, new)
            self.trail.write(conn, "rotate key", None)
        self._use(Opened(new, self.opened.salt,
                         (*self.opened.chain, self.opened.person_secret)))

    def scrub(self) -> None:
        """A SQLite file rewritten without what was deleted or replaced (`migrations.scrub`)."""
        if self.db.dialect == "sqlite":
            from onboarding.store.migrations import scrub

            scrub(self.db)

    def close(self) -> None:
        self.db.close()

    def _stored(self, conn: Connection, reg_id: int) -> dict[str, Any]:
        """A registration's state, read and opened inside the caller's transaction."""
        table = RegistrationRow.__table__.c
        row = conn.execute(select(type_coerce(table.state, String))
                           .where(table.id == reg_id)).first()
        if row is None:
            raise NotFound(f"no registration with ID {reg_id}")
        try:
            return open_state(parse_state(row[0]), self.cipher)
        except ValueError as exc:  # SealError too
            raise DamagedStore(f"registration #{reg_id} is damaged ({exc}); left untouched") \
                from None


@dataclass(frozen=True)
class _Accepted:
    """An imported document that passed every check, waiting for its chunk's insert."""

    state: dict[str, Any]
    summary: Summary
    keys: AccountKeys

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.get("answers") or {}


def _key_count(conn: Connection) -> tuple[int, int]:
    """Changes whenever a person key is added or removed (another writer's work)."""
    total, last = conn.execute(select(func.count(), func.max(PersonKeyRow.id))).one()
    return int(total), int(last or 0)


def open_store(url: str | None = None, *, timeout: float = 30.0, key: MasterKey | None = None,
               via: str = CLI) -> Store:
    """The store at `url`, $ONBOARDING_DB, or the default SQLite file, ready to use.

    Its key comes from `key`, else ONBOARDING_KEY, the key_file setting or the default key
    file (`keysource`); `via` is the face that writes (said in the audit trail).
    """
    url = store_url(url)
    source = KeySource(key)
    trail = Trail(via)
    db, created = open_database(url, timeout, make_folder=url == default_store_url(),
                                new_key=source.for_new_store)
    try:
        opened = prepare(db, source, trail, may_create=created or db.dialect != "sqlite"
                         or ":memory:" in url or url.rstrip("/") == "sqlite:")
        return Store(db, opened, source, trail)
    except BaseException:
        db.close()
        raise
