"""The `Store`: the portfolio's reads and writes, each one transaction.

Every write holds the write lock from its checks to its commit: the cross-account limits
are checked against the store as it is at that moment, the answers (the one truth) are
written with the columns derived from them, and nothing is read outside the lock and
written back later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import String, delete, func, select, type_coerce, update
from sqlalchemy.engine import Connection

import forms
from forms.clock import today
from forms.fields import not_a_past_date
from forms.issues import Issue
from forms.ledger import AccountKeys, Ledger
from onboarding import portfolio
from onboarding.locations import default_store_url, store_url
from onboarding.store import queries
from onboarding.store.connection import Database, lock, open_database
from onboarding.store.errors import DamagedStore, InvalidRegistration, NotFound, Refused
from onboarding.store.keys import PersonKeys, rows_of
from onboarding.store.migrations import prepare
from onboarding.store.queries import Due, Extent, PortfolioRow
from onboarding.store.record import Record
from onboarding.store.summary import (
    Summary,
    carry_marks,
    jsonable,
    parse_state,
    put_deadlines,
    state_of,
    summarize,
    with_marks,
)
from onboarding.store.tables import DeadlineRow, PersonKeyRow, RegistrationRow

IMPORT_CHUNK = 500  # files per commit in a batch import
CHECK_CACHE = 64  # distinct sets of keys a wizard's checker remembers


@dataclass(frozen=True)
class Added:
    """A file a batch import stored (committed)."""

    id: int
    client: str


class Store:
    """Open with `open_store`. Methods are transactions; records are plain copies."""

    def __init__(self, db: Database, secret: bytes) -> None:
        self.db = db
        self.where = db.where
        self.keys = PersonKeys(secret)

    @property
    def engine(self) -> Any:
        return self.db.engine

    # -- reading ----------------------------------------------------------------------

    def get(self, reg_id: int) -> Record:
        with self.db.read() as conn:
            return queries.record(conn, reg_id)

    def list(self) -> list[Record]:
        """Every registration in full (small portfolios and tests; views use `rows`)."""
        with self.db.read() as conn:
            return queries.records(conn)

    def rows(self, on: date, search: str | None = None, *, offset: int = 0,
             limit: int | None = None, order: str = "id") -> list[PortfolioRow]:
        """The portfolio as the views list it, filtered and sorted in SQL, a page at a time."""
        with self.db.read() as conn:
            return queries.portfolio_rows(conn, on, search, offset=offset, limit=limit,
                                          order=order)

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
            return queries.page(conn, on, search, offset=offset, limit=limit, order=order)

    def due(self, on: date, within: int | None = None) -> list[Due]:
        with self.db.read() as conn:
            return queries.due_list(conn, on, within)

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
                    if ledger is None or _key_fingerprint(conn) != expected:
                        ledger = self.keys.snapshot(conn)  # first, or another writer came
                    outcomes = [(name, self._check_one(ledger, doc)) for name, doc in batch]
                    accepted = [o for _, o in outcomes if isinstance(o, _Accepted)]
                    ids = iter(self._insert_many(conn, accepted))
                    expected = _key_fingerprint(conn)
                yield from ((name, Added(next(ids), o.summary.columns["client"])
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

    @staticmethod
    def _insert_many(conn: Connection, accepted: list[_Accepted]) -> list[int]:
        """New registrations with their person keys and deadlines, three statements in all
        (a chunk of an import is one round trip each, not three per file)."""
        if not accepted:
            return []
        now = datetime.now(UTC)
        ids = [int(i) for i in conn.execute(
            RegistrationRow.__table__.insert().returning(RegistrationRow.id,
                                                         sort_by_parameter_order=True),
            [{"state": a.state, "created_at": now, "updated_at": now, **a.summary.columns}
             for a in accepted],
        ).scalars()]
        key_rows = [row for reg_id, a in zip(ids, accepted, strict=True)
                    for row in rows_of(reg_id, a.keys)]
        if key_rows:
            conn.execute(PersonKeyRow.__table__.insert(), key_rows)
        deadline_rows = [{"registration_id": reg_id, **row}
                         for reg_id, a in zip(ids, accepted, strict=True)
                         for row in a.summary.deadlines]
        if deadline_rows:
            conn.execute(DeadlineRow.__table__.insert(), deadline_rows)
        return ids

    def save_draft(self, state: Mapping[str, Any], reg_id: int | None = None) -> Record:
        """Autosave of the wizard: any draft is kept; a complete one must pass every rule.

        Dates marked meanwhile (by `mark`, elsewhere) are kept: the wizard never edits them.
        """
        state = jsonable(state)
        with self.db.write() as conn:
            if reg_id is not None:
                state = carry_marks(state, _stored_state(conn, reg_id))
            summary = summarize(state)
            keys = self.keys.of(state.get("answers") or {})
            if summary.wizard is not None and summary.wizard.complete:
                found = [*(summary.result.errors if summary.result else []),
                         *self.keys.ledger(conn, keys, reg_id).errors(keys)]
                if found:
                    raise InvalidRegistration(found)
            if reg_id is None:
                reg_id = self._insert(conn, state, summary, keys)
            else:
                self._update(conn, reg_id, state, summary)
                self.keys.put(conn, reg_id, keys)
        return self.get(reg_id)

    def _update(self, conn: Connection, reg_id: int, state: dict[str, Any],
                summary: Summary) -> None:
        conn.execute(update(RegistrationRow).where(RegistrationRow.id == reg_id).values(
            state=state, updated_at=datetime.now(UTC), **summary.columns))
        put_deadlines(conn, reg_id, summary)

    def remove(self, reg_id: int) -> None:
        with self.db.write() as conn:
            conn.execute(delete(PersonKeyRow).where(PersonKeyRow.registration_id == reg_id))
            gone = conn.execute(delete(RegistrationRow).where(RegistrationRow.id == reg_id))
            if not gone.rowcount:
                raise NotFound(f"no registration with ID {reg_id}")

    def mark(self, reg_id: int, what: str, on: date | None = None) -> Record:
        """Record that the account was created (registered) or verified on a day.

        Read, checked and written in one transaction under the write lock, so a save made
        at the same moment is never overwritten with what was read before it.
        """
        on = on or today()
        if what not in ("registered", "verified"):
            raise Refused(f"cannot mark {what!r}: choose registered or verified")
        wrong_day = not_a_past_date(on)
        if wrong_day:
            raise Refused(wrong_day)
        with self.db.write() as conn:
            state = _stored_state(conn, reg_id)
            summary = summarize(state)
            reg = summary.result.registration if summary.result else None
            if reg is None or summary.columns["stage"] == portfolio.DRAFT:
                raise Refused(f"registration {reg_id} is still a draft: finish it first")
            registered_on, verified_on = reg.registered_on, reg.verified_on
            if what == "registered":
                if verified_on and on > verified_on:
                    raise Refused(f"it was verified on {verified_on}, before {on}")
                registered_on = on
            else:
                if registered_on is None:
                    raise Refused(f"registration {reg_id} is not registered yet: mark it "
                                  "registered first")
                if on < registered_on:
                    raise Refused(f"it was registered on {registered_on}, after {on}")
                verified_on = on
            marked = with_marks(state, registered_on, verified_on)
            after = summarize(marked)
            clash = after.result.errors if after.result else []
            if clash:
                raise Refused(f"{what} on {on} does not fit the answers: "
                              + "; ".join(str(issue) for issue in clash))
            self._update(conn, reg_id, marked, after)
        return self.get(reg_id)

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class _Accepted:
    """An imported document that passed every check, waiting for its chunk's insert."""

    state: dict[str, Any]
    summary: Summary
    keys: AccountKeys


def _stored_state(conn: Connection, reg_id: int) -> dict[str, Any]:
    """A registration's state, read inside the caller's transaction."""
    table = RegistrationRow.__table__.c
    row = conn.execute(select(type_coerce(table.state, String)).where(table.id == reg_id)).first()
    if row is None:
        raise NotFound(f"no registration with ID {reg_id}")
    try:
        return parse_state(row[0])
    except ValueError as exc:
        raise DamagedStore(f"registration #{reg_id} is damaged ({exc}); left untouched") \
            from None


def _key_fingerprint(conn: Connection) -> tuple[int, int]:
    """Changes whenever a person key is added or removed (another writer's work)."""
    total, last = conn.execute(select(func.count(), func.max(PersonKeyRow.id))).one()
    return int(total), int(last or 0)


def open_store(url: str | None = None, *, timeout: float = 30.0) -> Store:
    """The store at `url`, $ONBOARDING_DB, or the default SQLite file, ready to use."""
    url = store_url(url)
    db, created = open_database(url, timeout, make_folder=url == default_store_url())
    try:
        secret = prepare(db, may_create=created or db.dialect != "sqlite"
                         or ":memory:" in url or url.rstrip("/") == "sqlite:")
        return Store(db, secret)
    except BaseException:
        db.close()
        raise
