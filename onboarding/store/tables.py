"""The tables and the schema version they make.

The answers (`state`) are the one truth about a registration. Every other column of
`registrations`, and the `deadlines` rows, are derived from them (`summary`) in the same
transaction as each write, so the portfolio views read plain indexed columns instead of
rebuilding each registration's wizard.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# 1: the first release. 2: account names join the person keys (kind "name").
# 3: derived columns (flow, progress, stage, lifecycle dates, the earliest obligation) and
#    the deadlines table; the lifecycle dates live only in the answers; no `current`; the
#    person keys gain administrators' mobiles and organizations' credit codes (kinds
#    "mobile", "org"), computed for every registration by the migration.
# 4: personal answers sealed with a key kept outside the database (its fingerprint in
#    `onboarding_meta`, no secret); person keys derived from that key; the audit trail.
# 5: a covering index of the columns a portfolio filter reads, so counting and paging a
#    filtered view scans the index, not the sealed answers.
# 6: that index ends with the ID, so PostgreSQL too pages a filtered view from the index
#    alone (SQLite keeps the ID in every index anyway); its name changes with it.
# 7: person-key IDs are never given twice on SQLite either (AUTOINCREMENT), so a batch
#    import sees any change between its chunks in the number and highest ID of the rows.
# 8: the client links (`client_links`): a registration's parts opened to its client by a
#    one-time link, the client's answers kept apart (sealed) until the consultant accepts
#    them. Added by `migrations.UPGRADES`, a step that does not depend on the number.
# 9: the requirements model (forms/requirements.py): every registration's deadlines and
#    earliest obligation derived again by its rules (a bank transfer settled by its payment
#    or an approval, the last safe day to submit an obligation), and each operator's person
#    key keeps the last day the operator is bound (`ends_on`), so the limits count only the
#    operators bound on the day checked.
SCHEMA_VERSION = 9
REQUIREMENTS_SINCE = 9  # a store older than this gets `upgrade_requirements` on opening
INDEX_ONLY_SINCE = 4  # a store of this version or later upgrades by adding indexes only
VIEW_INDEX = "ix_registrations_page"  # every column a portfolio page and its filter read
OLD_INDEXES = ("ix_registrations_view",)  # dropped by the upgrade that replaced them


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    __tablename__ = "onboarding_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class RegistrationRow(Base):
    __tablename__ = "registrations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)  # the truth: answers and wizard place
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Derived from `state` on every write; never written on their own.
    client: Mapped[str] = mapped_column(String(200), index=True)
    flow: Mapped[str | None] = mapped_column(String(40), index=True)
    steps_done: Mapped[int] = mapped_column(Integer, default=0)
    steps_total: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20), index=True)  # draft|ready|registered|verified
    registered_on: Mapped[date | None] = mapped_column(Date)
    verified_on: Mapped[date | None] = mapped_column(Date)
    obligation_due: Mapped[date | None] = mapped_column(Date, index=True)  # overdue after it

    __table_args__ = (Index(VIEW_INDEX, "client", "flow", "stage",
                            "obligation_due", "steps_done", "steps_total", "id"),)


class PersonKeyRow(Base):
    """One email, account name, administrator or operator of a registration, as a keyed hash."""

    __tablename__ = "person_keys"
    # A deleted row's ID is never given again (`writes._key_count` relies on it).
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # forms.ledger.KINDS
    digest: Mapped[str] = mapped_column(String(64), index=True)
    # The last day the person holds it (a short-term operator's term); None: no end.
    ends_on: Mapped[date | None] = mapped_column(Date)


class DeadlineRow(Base):
    """A dated deadline of a valid registration (derived, like the summary columns)."""

    __tablename__ = "deadlines"
    # Each registration's soonest deadline is one index lookup.
    __table_args__ = (Index("ix_deadlines_registration_due", "registration_id", "due"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    obligation: Mapped[bool] = mapped_column(Boolean)  # missing it makes the account overdue
    title: Mapped[str] = mapped_column(Text)  # sealed when it names a person
    rule: Mapped[str] = mapped_column(String(200))
    due: Mapped[date] = mapped_column(Date, index=True)


class AuditRow(Base):
    """One write: who, when, what (the action and the fields), never a value.

    Kept when its registration is removed: the trail of a removed client stays.
    """

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(String(200))
    via: Mapped[str] = mapped_column(String(20))  # command line | terminal UI
    action: Mapped[str] = mapped_column(String(40))
    registration_id: Mapped[int | None] = mapped_column(Integer, index=True)
    fields: Mapped[list[str]] = mapped_column(JSON)  # answer paths, e.g. "admin.mobile"


class ClientLinkRow(Base):
    """A link that opens some parts of one registration to its client (`store.links`).

    The token and the session that replaces it are kept only as SHA-256 digests; the
    client's answers are sealed as a registration's are, apart from it until accepted.
    """

    __tablename__ = "client_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    session_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    parts: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), index=True)  # open|answered|accepted|...
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)  # the client's, personal ones sealed
    typed: Mapped[list[str]] = mapped_column(JSON)  # paths the client typed (never values)
    note: Mapped[str | None] = mapped_column(Text)  # the consultant's, sealed


# The tables as SQLAlchemy Core sees them (typed: the declarative `__table__` is a FromClause).
META = cast(Table, MetaRow.__table__)
REGISTRATIONS = cast(Table, RegistrationRow.__table__)
PERSON_KEYS = cast(Table, PersonKeyRow.__table__)
DEADLINES = cast(Table, DeadlineRow.__table__)
AUDIT = cast(Table, AuditRow.__table__)
CLIENT_LINKS = cast(Table, ClientLinkRow.__table__)

TABLES = (MetaRow.__tablename__, RegistrationRow.__tablename__, PersonKeyRow.__tablename__,
          DeadlineRow.__tablename__, AuditRow.__tablename__, ClientLinkRow.__tablename__)
TABLES_SINCE = {ClientLinkRow.__tablename__: 8}  # a table a later schema added: its version
