"""Writing the portfolio: imports, wizard saves, marks, removals, purges, key rotations.

Every write holds the write lock from its checks to its commit: the cross-account limits
are checked against the store as it is at that moment, the answers (the one truth) are
written sealed with the columns derived from them, an audit row says who did it, and
nothing is read outside the lock and written back later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from itertools import islice
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection

import forms
from forms.clock import today
from forms.fields import not_a_past_date
from forms.ledger import AccountKeys, Describe, Ledger
from onboarding import portfolio
from onboarding.i18n import _
from onboarding.store import lifecycle
from onboarding.store.access import Access
from onboarding.store.audit import changed_fields
from onboarding.store.connection import lock
from onboarding.store.crypto import MasterKey
from onboarding.store.errors import InvalidRegistration, NotFound, Refused
from onboarding.store.keys import rows_of
from onboarding.store.links import forget_links
from onboarding.store.migrations import Opened
from onboarding.store.record import Record, read_only
from onboarding.store.rotation import rotate
from onboarding.store.sealing import EDIT, seal_state
from onboarding.store.summary import (
    Summary,
    carry_marks,
    deadline_rows,
    jsonable,
    kept_apart,
    put_deadlines,
    state_of,
    summarize,
    without_edit,
)
from onboarding.store.tables import (
    DEADLINES,
    PERSON_KEYS,
    REGISTRATIONS,
    AuditRow,
    PersonKeyRow,
    RegistrationRow,
)
from onboarding.wizard import Wizard

IMPORT_CHUNK = 500  # files per commit in a batch import
Also = Callable[[Connection, int], None]  # more work in a write's transaction


@dataclass(frozen=True)
class Added:
    """A file a batch import stored (committed)."""

    id: int
    client: str


class Writes(Access):
    """The store's writes, each one transaction with its audit row."""

    def add(self, answers: Mapping[str, Any]) -> Record:
        """Store a whole registration (an imported answers file) that passes every rule."""
        ((_name, outcome),) = self.add_many([("", answers)])
        if isinstance(outcome, InvalidRegistration):
            raise outcome
        return self.get(outcome.id)

    def add_many(self, documents: Iterable[tuple[str, Any]], chunk: int | None = None
                 ) -> Iterator[tuple[str, Any]]:
        """Import answers documents: each (name, outcome) once its chunk is committed.

        A document is a mapping of answers; anything else (the error of a file that could
        not be read) passes through as its own outcome. Each file goes in whole or not at
        all; an invalid one is reported as `InvalidRegistration` and the rest go in. The
        write lock is taken once per chunk, and the person keys are read once for the whole
        batch: each file is checked against them and the files before it.
        """
        pending = iter(documents)
        chunk = chunk or IMPORT_CHUNK
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
                    describe = partial(_describe, self.keys.describe, conn)
                    outcomes = [(name, self._check_one(ledger, doc, name, describe))
                                for name, doc in batch]
                    accepted = [o for _name, o in outcomes if isinstance(o, _Accepted)]
                    ids = self._insert_many(conn, accepted)
                    for reg_id, a in zip(ids, accepted, strict=True):
                        if a.holder is not None:  # a clash with it now names its ID
                            a.holder.stored = f"#{reg_id} {a.summary.columns['client']}"
                    self.trail.write_many(conn, [
                        self.trail.row("import", reg_id, changed_fields(None, a.answers))
                        for reg_id, a in zip(ids, accepted, strict=True)])
                    expected = _key_count(conn)
                added = iter(ids)
                yield from ((name, Added(next(added), o.summary.columns["client"])
                             if isinstance(o, _Accepted) else o) for name, o in outcomes)

    def _check_one(self, ledger: Ledger, document: Any, name: str, describe: Describe) -> Any:
        """A document checked against every rule and the ledger (which then counts it, held
        by its name until its chunk is inserted: a clash names the file or '#3 Lotus Tea')."""
        if not isinstance(document, Mapping):
            return document
        answers = jsonable(document)
        result = forms.validate(answers)
        if result.errors or result.registration is None:
            return InvalidRegistration(result.errors)
        keys = self.keys.of_registration(result.registration)
        found = ledger.errors(keys, describe)  # a warning (an organization's quota) never refuses
        if found:
            return InvalidRegistration(found)
        holder = _Pending(name)
        ledger.add(keys, holder)
        state = state_of(answers)
        return _Accepted(state, summarize(state, result, whole=True), keys, holder)

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
        rows = [{"state": seal_state(a.state, self.cipher), "created_at": now,
                 "updated_at": now, **a.summary.columns} for a in accepted]
        if conn.dialect.name == "sqlite":  # PostgreSQL's sequence never goes back
            first = _never_given(conn)
            rows = [{"id": first + n, **row} for n, row in enumerate(rows)]
        ids = [int(i) for i in conn.execute(
            REGISTRATIONS.insert().returning(RegistrationRow.id,
                                                         sort_by_parameter_order=True),
            rows,
        ).scalars()]
        key_rows = [row for reg_id, a in zip(ids, accepted, strict=True)
                    for row in rows_of(reg_id, a.keys)]
        if key_rows:
            conn.execute(PERSON_KEYS.insert(), key_rows)
        due_rows = [row for reg_id, a in zip(ids, accepted, strict=True)
                    for row in deadline_rows(reg_id, a.summary, self.cipher)]
        if due_rows:
            conn.execute(DEADLINES.insert(), due_rows)
        return ids

    def save_draft(self, state: Mapping[str, Any], reg_id: int | None = None, *,
                   action: str = "save", also: Also | None = None) -> Record:
        """Autosave of the wizard: any draft is kept; a complete one must pass every rule.

        Dates marked meanwhile (by `mark`, elsewhere) are kept: the wizard never edits them.
        An unfinished edit of a finished registration is kept apart (`kept_apart`): the
        registration stays as it was until the edit is finished or discarded. `action` names
        the write in the audit trail (recorded even when no field changed, unless a save);
        `also(conn, reg_id)` runs in the same transaction (a client link's acceptance).
        """
        state = without_edit(jsonable(state))
        state.pop("purged", None)  # only a purge says so
        with self._write() as conn:
            stored, finished, before = None, False, {}
            if reg_id is not None:
                stored = self._stored(conn, reg_id)
                refusal = read_only(reg_id, stored)
                if refusal:
                    raise Refused(refusal)
                state = carry_marks(state, stored)
                finished = _finished(conn, reg_id)
                before = as_read(stored.get(EDIT) or stored)  # an edit's, if one is under way
                if (action == "save" and also is None and EDIT not in stored and finished
                        and not changed_fields(before, state.get("answers") or {})):
                    return self.get(reg_id)  # opened, walked through: nothing to write
            summary = summarize(state)
            keys = self.keys.of(state.get("answers") or {})
            if summary.wizard is not None and summary.wizard.complete:
                found = [*(summary.result.errors if summary.result else []),
                         *self.keys.ledger(conn, keys, reg_id).errors(
                             keys, partial(self.keys.describe, conn))]
                if found:
                    raise InvalidRegistration(found)
            answers = state.get("answers") or {}
            if reg_id is None or stored is None:
                reg_id = self._insert(conn, state, summary, keys)
                self.trail.write(conn, "new", reg_id, changed_fields(None, answers))
            elif summary.columns["stage"] == portfolio.DRAFT and finished:
                conn.execute(update(RegistrationRow).where(RegistrationRow.id == reg_id).values(
                    state=seal_state(kept_apart(stored, state), self.cipher),
                    updated_at=datetime.now(UTC)))
                fields = changed_fields(before, answers)
                if fields or action != "save":
                    self.trail.write(conn, "edit" if action == "save" else action, reg_id,
                                     fields)
            else:
                self._update(conn, reg_id, state, summary)
                self.keys.put(conn, reg_id, keys)
                # An edit finished: its change to the registration as it stood.
                fields = changed_fields(as_read(stored) if EDIT in stored else before, answers)
                if fields or action != "save":
                    self.trail.write(conn, action, reg_id, fields)
            if also is not None:
                also(conn, reg_id)
        return self.get(reg_id)

    def discard_edit(self, reg_id: int) -> Record:
        """Drop the unfinished edit of a finished registration: it stays as it was."""
        with self._write() as conn:
            stored = self._stored(conn, reg_id)
            if EDIT in stored:
                conn.execute(update(RegistrationRow).where(RegistrationRow.id == reg_id).values(
                    state=seal_state(without_edit(stored), self.cipher),
                    updated_at=datetime.now(UTC)))
                self.trail.write(conn, "discard edit", reg_id)
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
                raise NotFound(_("no registration with ID {reg_id}").format(reg_id=reg_id))
            self.trail.write(conn, "remove", reg_id)

    def purge(self, reg_id: int) -> Purged:
        """Remove a verified registration's personal answers; keep its person keys.

        The limits still count it (its keyed hashes stay), its deadlines and status go on;
        the checklist and export show the fields as removed; an unfinished edit goes whole.
        `done` is True for the call that removed them (of several at once, one), False when
        they were already gone. A SQLite store's write-ahead log is then emptied, so the
        sealed values are not left in it (`emptied` False when another connection prevents
        it).
        """
        with self._write() as conn:
            state = without_edit(self._stored(conn, reg_id))
            if state.get("purged"):
                return Purged(self._record(conn, reg_id), False, True)
            kept, after, fields = lifecycle.purged(state, reg_id, today())
            self._update(conn, reg_id, kept, after)  # person keys stay as they are
            forget_links(conn, reg_id)  # a client's answers not yet accepted go too
            self.trail.write(conn, "purge", reg_id, fields)
            record = self._record(conn, reg_id)
        return Purged(record, True, self.empty_log())

    def mark(self, reg_id: int, what: str, on: date | None = None) -> Record:
        """Record that the account was created (registered), verified, its bank-transfer
        amount paid, or its verification application submitted on a day.

        Read, checked and written in one transaction under the write lock, so a save made
        at the same moment is never overwritten with what was read before it.
        """
        on = on or today()
        if what not in lifecycle.MARKS:
            raise Refused(_("cannot mark {what!r}: choose registered, verified, paid or "
                            "submitted").format(what=what))
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
        with self._write() as conn:
            rotate(conn, self.opened, new)
            self.trail.write(conn, "rotate key", None)
        self._use(Opened(new, self.opened.salt,
                         (*self.opened.chain, self.opened.person_secret)))


class Purged(NamedTuple):
    """What a purge did: the registration after it, whether this call removed the personal
    data, whether the write-ahead log was emptied after it (SQLite)."""

    record: Record
    done: bool
    emptied: bool


@dataclass(frozen=True)
class _Accepted:
    """An imported document that passed every check, waiting for its chunk's insert."""

    state: dict[str, Any]
    summary: Summary
    keys: AccountKeys
    holder: _Pending | None = None  # who holds its keys in the import's ledger

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.get("answers") or {}


class _Pending:
    """A file of this import: a clash names it by its file name until it is stored, then
    by its ID ('#3 Lotus Tea'), as the portfolio names it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stored: str | None = None

    def __str__(self) -> str:
        return self.stored or self.name or "a document imported just before"


class _PendingName(str):
    """A file of this import as a clash names it, said when the message is rendered in the
    reader's language (`issue.render(_)`, as `import` says it; the message's own English
    value keeps the name it had when checked): the import reports each file once its chunk
    is stored, by then with its ID."""

    pending: _Pending

    def __new__(cls, pending: _Pending) -> _PendingName:
        self = super().__new__(cls, str(pending))
        self.pending = pending
        return self

    def render(self, translate: Callable[[str], str]) -> str:
        return str(self.pending)


def _describe(stored: Callable[[Connection, Iterable[Any]], Mapping[Any, str]],
              conn: Connection, holders: Iterable[Any]) -> dict[Any, str]:
    """Holders as a clash names them: stored registrations by ID, this import's files as
    `_PendingName`s."""
    holders = list(holders)
    return {**stored(conn, holders),
            **{h: _PendingName(h) for h in holders if isinstance(h, _Pending)}}


def as_read(state: Mapping[str, Any]) -> dict[str, Any]:
    """A stored state's answers as the wizard reads them (a marked registration day is the
    verification step's answer): what a save compares with, so that a fact the wizard
    shows is never taken for a change."""
    answers = state.get("answers") or {}
    read = Wizard(answers).answers
    if "version" not in answers:
        read.pop("version", None)  # the wizard's default, not an answer
    return read


def _finished(conn: Connection, reg_id: int) -> bool:
    """Whether the stored registration is past the draft stage (ready or later)."""
    stage = conn.execute(select(RegistrationRow.stage).where(RegistrationRow.id == reg_id)
                         ).scalar_one_or_none()
    return stage not in (None, portfolio.DRAFT, portfolio.DAMAGED)


def _key_count(conn: Connection) -> tuple[int, int]:
    """Changes whenever a person key is added or removed (another writer's work): a person
    key's ID is never given twice (AUTOINCREMENT on SQLite, a sequence on PostgreSQL), so any
    row added raises the highest ID and any row only removed lowers the number."""
    total, last = conn.execute(select(func.count(), func.max(PersonKeyRow.id))).one()
    return int(total), int(last or 0)


def _never_given(conn: Connection) -> int:
    """The first ID no registration ever had. SQLite gives the highest rowid again once its
    row is deleted, and the audit trail keeps the deleted one's history under its ID."""
    highest = conn.execute(select(func.max(RegistrationRow.id))).scalar() or 0
    trail = conn.execute(select(func.max(AuditRow.registration_id))).scalar() or 0
    return max(int(highest), int(trail)) + 1
