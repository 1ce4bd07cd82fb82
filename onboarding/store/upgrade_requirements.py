"""Schema 9: what every stored registration owes, derived again by the requirements model.

One self-contained step, run inside the caller's write transaction when a store older than
schema 9 is opened (`migrations.prepare`): person keys gain the last day each is held
(`ends_on`: a short-term operator's term), and each registration's derived columns and
stored requirements are made again by `forms.requirements` (`summary.summarize`), so a bank
transfer settled by an approval is no longer overdue and a passed last safe day is. The
answers are opened with the store's key to be read, never written back.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, inspect, select, type_coerce, update
from sqlalchemy.engine import Connection

from forms.steps import short_term_ends
from onboarding.portfolio import DAMAGED
from onboarding.store.sealing import open_state
from onboarding.store.summary import parse_state, put_deadlines, summarize
from onboarding.store.tables import PERSON_KEYS, REGISTRATIONS, PersonKeyRow, RegistrationRow

if TYPE_CHECKING:
    from onboarding.store.migrations import Opened


def add_ends_on(conn: Connection) -> None:
    """The `person_keys.ends_on` column, on a store made before it (NULL: held for good)."""
    if "ends_on" not in {c["name"] for c in inspect(conn).get_columns("person_keys")}:
        kind = PERSON_KEYS.c.ends_on.type.compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE person_keys ADD COLUMN ends_on {kind}")


def upgrade_requirements(conn: Connection, opened: Opened) -> None:
    """Every registration's derived data by the requirements model, in the caller's
    transaction; a damaged registration stays as it is (it is named damaged)."""
    add_ends_on(conn)
    cipher = opened.key.cipher
    reg = REGISTRATIONS.c
    rows = conn.execute(select(reg.id, type_coerce(reg.state, String))
                        .where(reg.stage != DAMAGED)).all()
    for reg_id, text in rows:
        try:
            state = open_state(parse_state(text), cipher)
            summary = summarize(state)
        except ValueError:  # unreadable, or a seal that does not open: left as it was
            continue
        conn.execute(update(RegistrationRow).where(RegistrationRow.id == reg_id)
                     .values(summary.columns))
        put_deadlines(conn, reg_id, summary, cipher)
        _operator_terms(conn, reg_id, state)


def _operator_terms(conn: Connection, reg_id: int, state: dict[str, Any]) -> None:
    """Each operator key's last day held, from the plan's terms.

    Keys are keyed hashes (a purge removed the values), so they are matched to the plan by
    order: a store wrote one operator row per distinct valid WeChat ID, in the plan's
    order, so when the counts agree the rows are the plan's operators one to one. When they
    do not (a draft with a repeated or a wrong ID) the keys stay held for good, as before.
    """
    answers = state.get("answers") or {}
    operators = answers.get("operators")
    if not isinstance(operators, list):
        return
    key_rows = conn.execute(select(PersonKeyRow.id).where(
        PersonKeyRow.registration_id == reg_id, PersonKeyRow.kind == "operator")
        .order_by(PersonKeyRow.id)).scalars().all()
    if len(key_rows) != len(operators):
        return
    for row_id, op in zip(key_rows, operators, strict=True):
        ends = None
        if isinstance(op, dict) and op.get("term") == "short" and op.get("added_on"):
            try:
                ends = short_term_ends(date.fromisoformat(str(op["added_on"])))
            except ValueError:
                ends = None
        if ends is not None:
            conn.execute(update(PersonKeyRow).where(PersonKeyRow.id == row_id)
                         .values(ends_on=ends))
