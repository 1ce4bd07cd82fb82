"""The portfolio views in SQL: rows, counts, filters and deadlines read from the columns.

Nothing here rebuilds a wizard: `status` is computed by the database from the stored
stage and earliest obligation (the rule is `onboarding.portfolio.status`), and a filter
is a WHERE clause, so a view costs the rows it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.engine import Connection

from forms.requirements import Kind, Requirement, stored
from onboarding import portfolio
from onboarding.i18n import _
from onboarding.store.errors import DamagedStore, NotFound
from onboarding.store.links import states as link_states
from onboarding.store.record import Record, progress_text
from onboarding.store.sealing import EDIT
from onboarding.store.summary import parse_state
from onboarding.store.tables import DEADLINES, REGISTRATIONS, VIEW_INDEX

REG = REGISTRATIONS.c
DUE = DEADLINES.c


@dataclass(slots=True)
class Due:
    """A dated deadline of one registration."""

    registration_id: int
    client: str
    flow: str | None
    kind: str
    title: str
    rule: str
    due: date

    def days_left(self, on: date) -> int:
        return (self.due - on).days

    def requirement(self) -> Requirement:
        """As the requirements model states it: its state and its words on a day."""
        return stored(self.kind, self.title, self.due, self.rule)


@dataclass(slots=True)
class PortfolioRow:
    """One registration as the portfolio lists it."""

    id: int
    client: str
    flow: str | None
    steps_done: int
    steps_total: int | None
    status: str
    next: Due | None = None
    link: str | None = None  # its client link: open, answered or expired (`links.states`)
    editing: str | None = None
    """The step it is being written at: a draft's, or that of a finished registration's
    unfinished edit (kept apart); None once finished with no edit."""

    @property
    def edit_pending(self) -> bool:
        """A finished registration with an unfinished edit kept apart."""
        return self.editing is not None and self.status != portfolio.DRAFT

    def progress_text(self) -> str:
        return progress_text(self.steps_done, self.steps_total)

    def status_text(self) -> str:
        """Its status as the portfolio says it: 'registered ✎', 'draft · link answered'."""
        return portfolio.status_text(self.status, self.link, self.edit_pending)


def status_sql(on: date) -> ColumnElement[str]:
    """`portfolio.status` as SQL, so a filter on "overdue" runs in the database."""
    return case(
        (REG.stage.in_([portfolio.DRAFT, portfolio.DAMAGED]), REG.stage),
        (and_(REG.obligation_due.is_not(None), REG.obligation_due < on),
         literal(portfolio.OVERDUE)),
        else_=REG.stage,
    )


ORDERS = ("id", "client", "status", "due")  # how a view can be sorted


def _order(order: str, on: date) -> list[Any]:
    """ORDER BY for a sort key; the ID breaks ties so a page never moves between loads."""
    if order == "client":
        return [REG.client, REG.id]
    if order == "status":
        return [status_sql(on), REG.id]
    if order == "due":  # the earliest obligation first, registrations without one last
        return [REG.obligation_due.is_(None), REG.obligation_due, REG.id]
    return [REG.id]


def _status_is(name: str, on: date) -> ColumnElement[bool]:
    """`status_sql(on) == name` on the plain columns, so an index or a cheap test serves."""
    overdue = and_(REG.obligation_due.is_not(None), REG.obligation_due < on)
    if name in (portfolio.DRAFT, portfolio.DAMAGED):
        return REG.stage == name
    if name == portfolio.OVERDUE:
        return and_(REG.stage.not_in([portfolio.DRAFT, portfolio.DAMAGED]), overdue)
    return and_(REG.stage == name, ~overdue)


def _matching(conn: Connection, search: str | None, on: date) -> ColumnElement[bool] | None:
    """Rows whose client, path or status contains the text (any case; a path or status
    also by its word in the interface's language, as the table shows it).

    Only the client is searched row by row (SQLite's LIKE ignores ASCII case by itself,
    PostgreSQL has ILIKE); which paths and statuses contain the text is decided once, here.
    """
    wanted = (search or "").strip()
    if not wanted:
        return None
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    if conn.dialect.name == "sqlite":
        client = REG.client.like(pattern, escape="\\")
    else:
        client = REG.client.ilike(pattern, escape="\\")
    folded = wanted.casefold()

    def named(key: str, word: str) -> bool:  # the key ('verified') or the word on screen (已认证)
        return folded in key or folded in word.casefold()

    flows = [name for name in portfolio.FLOWS if named(name, portfolio.flow_word(name))]
    either: list[ColumnElement[bool]] = [client]
    if flows:
        either.append(REG.flow.in_(flows))
    if folded in "-":
        either.append(REG.flow.is_(None))
    either += [_status_is(name, on) for name in (*portfolio.STATUSES, portfolio.DAMAGED)
               if named(name, portfolio.status_word(name))]
    return or_(*either)


def _filtered(query: Any, where: ColumnElement[bool] | None) -> Any:
    """The query with a filter, reading the covering index on SQLite (`sqlite_engine`)."""
    return query if where is None else _on_index(query.where(where))


def _on_index(query: Any) -> Any:
    return query.execution_options(indexed_by=(REGISTRATIONS.name, VIEW_INDEX))


@dataclass(frozen=True)
class Extent:
    """How many registrations a view shows, of how many, its widest client name and the
    highest ID (the table's columns are sized from them)."""

    matching: int
    total: int
    widest_client: int
    last_id: int = 0


def count(conn: Connection, on: date, search: str | None = None) -> int:
    query = select(func.count()).select_from(REGISTRATIONS)
    return int(conn.execute(_filtered(query, _matching(conn, search, on))).scalar_one())


def extent(conn: Connection, on: date, search: str | None = None) -> Extent:
    total, widest, last = conn.execute(select(func.count(), func.max(func.length(REG.client)),
                                              func.max(REG.id))).one()
    matching = count(conn, on, search) if (search or "").strip() else total
    return Extent(int(matching), int(total), int(widest or 0), int(last or 0))


def position(conn: Connection, on: date, search: str | None, reg_id: int,
             order: str = "id") -> int | None:
    """Where a registration sits in the (filtered, sorted) view, or None if not in it."""
    where = _matching(conn, search, on)
    if order == "id":
        found = select(REG.id).where(REG.id == reg_id)
        if where is not None:
            found = found.where(where)
        if conn.execute(found).first() is None:
            return None
        before = select(func.count()).select_from(REGISTRATIONS).where(REG.id < reg_id)
        return int(conn.execute(_filtered(before, where)).scalar_one())
    numbered = select(REG.id.label("id"), func.row_number().over(
        order_by=_order(order, on)).label("n"))
    if where is not None:
        numbered = numbered.where(where)
    inner = numbered.subquery()
    query = select(inner.c.n).where(inner.c.id == reg_id)
    n = conn.execute(query if where is None else _on_index(query)).scalar()
    return None if n is None else int(n) - 1


def page(conn: Connection, on: date, search: str | None, *, offset: int, limit: int,
         order: str = "id") -> tuple[list[PortfolioRow], int]:
    """A page of the view and how many rows the whole view has.

    A page that comes back short at the start is the whole view, so a rare match costs one
    pass; a full page means many matches, which the count then finds quickly. (A window
    count in the same pass sorts every match: slower when most of the portfolio matches.)
    """
    rows = portfolio_rows(conn, on, search, offset=offset, limit=limit, order=order)
    if offset == 0 and len(rows) < limit:
        return rows, len(rows)
    return rows, count(conn, on, search)


def portfolio_rows(conn: Connection, on: date, search: str | None = None, *,
                   offset: int = 0, limit: int | None = None, order: str = "id"
                   ) -> list[PortfolioRow]:
    """The registrations in view order (a page of them with offset/limit), with next
    deadlines.

    A page reads its rows, then the next deadlines of just those; the whole portfolio is
    one query that joins each registration's next deadline (an indexed lookup each).
    """
    columns = (REG.id, REG.client, REG.flow, REG.steps_done, REG.steps_total, status_sql(on),
               type_coerce(REG.obligation_due, String))
    paged = bool(offset) or limit is not None
    nxt = DEADLINES.alias("nxt")
    where = _matching(conn, search, on)
    if paged:
        query = select(*columns)
    else:
        soonest = (select(DUE.id).where(DUE.registration_id == REG.id, _still_due(on))
                   .order_by(DUE.due, DUE.id).limit(1)
                   .correlate(REGISTRATIONS).scalar_subquery())
        query = (select(*columns, nxt.c.kind, nxt.c.title, nxt.c.rule,
                        type_coerce(nxt.c.due, String))
                 .select_from(REGISTRATIONS)
                 .outerjoin(nxt, nxt.c.id == soonest))
    query = query.order_by(*_order(order, on))
    if paged:
        query = _filtered(query, where)
    elif where is not None:
        query = query.where(where)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    upcoming = next_deadlines(conn, on, [r[0] for r in rows]) if paged else {}
    linked = link_states(conn, [r[0] for r in rows] if paged else None)
    edited = editing(conn, [r[0] for r in rows] if paged else None)
    found = []
    for row in rows:
        reg_id, client, flow, done, total, status, obligation = row[:7]
        if obligation is not None and _day(obligation) is None:
            status = portfolio.DAMAGED
        if paged:
            due = upcoming.get(reg_id)
        else:
            day = _day(row[10])
            due = Due(reg_id, client or "", flow, row[7], row[8], row[9], day) if day else None
        found.append(PortfolioRow(reg_id, client or "", flow, done or 0, total, status, due,
                                  linked.get(reg_id),
                                  None if status == portfolio.DAMAGED else edited.get(reg_id)))
    return found


def editing(conn: Connection, ids: Sequence[int] | None) -> dict[int, str]:
    """The step each registration (of `ids`, or all) is being written at: a draft's place,
    or a finished one's unfinished edit's (kept apart). Only the state says so, in its
    wizard's place (never sealed), read for the rows asked for: nothing is opened."""
    if ids is not None and not ids:
        return {}
    draft = REG.stage == portfolio.DRAFT
    if conn.dialect.name == "sqlite":
        path = case((draft, literal("$.current")), else_=literal(f"$.{EDIT}.current"))
        step = case((func.json_valid(REG.state) == 1,  # a damaged state: no step, no error
                     func.json_extract(REG.state, path)))
    else:
        step = case((draft, REG.state["current"].as_string()),
                    else_=REG.state[(EDIT, "current")].as_string())
    query = select(REG.id, step).where(step.is_not(None))
    if ids is not None:
        query = query.where(REG.id.in_(ids))
    return {reg_id: at for reg_id, at in conn.execute(query) if isinstance(at, str)}


def next_deadlines(conn: Connection, on: date, ids: Sequence[int] | None) -> dict[int, Due]:
    """Each registration's first requirement still to do: a past due one (the earliest day)
    before any still due."""
    if ids is not None and not ids:
        return {}
    query = _due_query(on).order_by(DUE.registration_id, DUE.due, DUE.id)
    if ids is not None:
        query = query.where(DUE.registration_id.in_(ids))
    found: dict[int, Due] = {}
    for due in _dues(conn.execute(query)):
        found.setdefault(due.registration_id, due)
    return found


def due_list(conn: Connection, on: date, within: int | None) -> list[Due]:
    """Every dated requirement still to do, past due first then soonest, up to `within` days
    ahead (past due ones always: their day is before today)."""
    query = _due_query(on).order_by(DUE.due, DUE.registration_id, DUE.id)
    if within is not None:
        query = query.where(DUE.due <= on + timedelta(days=within))
    return list(_dues(conn.execute(query)))


def _still_due(on: date) -> ColumnElement[bool]:
    """`Requirement.state(on)` is not done, in SQL: a stored requirement is not done by any
    record, so an obligation stays (past due once passed) and a notice ends on its day."""
    return or_(DUE.due >= on, DUE.obligation)


def _due_query(on: date) -> Any:
    return (
        select(DUE.registration_id, REG.client, REG.flow, DUE.kind, DUE.title, DUE.rule,
               type_coerce(DUE.due, String))
        .join(REGISTRATIONS, REG.id == DUE.registration_id)
        .where(_still_due(on))
    )


def _dues(rows: Iterable[Any]) -> Iterable[Due]:
    kinds = {kind.value for kind in Kind}
    for reg_id, client, flow, kind, title, rule, due in rows:
        day = _day(due)
        if day is not None and kind in kinds:  # a damaged row: the rest still shows
            yield Due(reg_id, client or "", flow, kind, title, rule, day)


def _day(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


_RECORD_COLUMNS = (
    REG.id, REG.client, REG.flow, type_coerce(REG.state, String),
    type_coerce(REG.created_at, String), type_coerce(REG.updated_at, String),
    REG.steps_done, REG.steps_total, REG.stage, type_coerce(REG.registered_on, String),
    type_coerce(REG.verified_on, String), type_coerce(REG.obligation_due, String),
)


def record(conn: Connection, reg_id: int) -> Record:
    row = conn.execute(select(*_RECORD_COLUMNS).where(REG.id == reg_id)).first()
    if row is None:
        raise NotFound(_("no registration with ID {reg_id}").format(reg_id=reg_id))
    return _record(row)


def records(conn: Connection) -> list[Record]:
    return [_record(row) for row in conn.execute(select(*_RECORD_COLUMNS).order_by(REG.id))]


def _record(row: Any) -> Record:
    (reg_id, client, flow, state, created, updated, done, total, stage, registered,
     verified, obligation) = row
    if stage == portfolio.DAMAGED:
        raise DamagedStore(_("registration #{reg_id} is damaged (its answers could not be "
                             "read); the rest of the portfolio is fine").format(reg_id=reg_id))
    try:
        dates = [_strict_day(registered), _strict_day(verified), _strict_day(obligation)]
        return Record(
            id=reg_id, client=client, flow=flow, state=parse_state(state),
            created_at=_moment(created), updated_at=_moment(updated), steps_done=done or 0,
            steps_total=total, stage=stage, registered_on=dates[0], verified_on=dates[1],
            obligation_due=dates[2],
        )
    except (ValueError, TypeError) as exc:
        raise DamagedStore(_("registration #{reg_id} is damaged ({reason}); the rest of the "
                             "portfolio is fine").format(reg_id=reg_id, reason=exc)) from None


def _strict_day(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    return date.fromisoformat(str(value))
