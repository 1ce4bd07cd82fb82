"""Schema 4: stores written by the first three releases are brought up to date when opened
(SQLite and PostgreSQL); a store written by a newer release is refused untouched."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from onboarding.store import InvalidRegistration, StoreError, open_store
from onboarding.store.tables import OLD_INDEXES, SCHEMA_VERSION, VIEW_INDEX
from onboarding.wizard import Wizard
from tests.helpers import china, china_account, overseas

TODAY = date(2026, 11, 25)

# The tables as releases 1 and 2 made them (onboarding/store.py before schema 3).
OLD_SCHEMA = """
CREATE TABLE onboarding_meta (key VARCHAR(40) PRIMARY KEY, value VARCHAR(200) NOT NULL);
CREATE TABLE registrations (
    id {serial} PRIMARY KEY, client VARCHAR(200) NOT NULL, flow VARCHAR(40),
    current VARCHAR(40) NOT NULL, state JSON NOT NULL,
    created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
    registered_on DATE, verified_on DATE);
CREATE TABLE person_keys (
    id {serial} PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    kind VARCHAR(10) NOT NULL, digest VARCHAR(64) NOT NULL);
"""


def old_store(url: str, version: int, rows: list[dict[str, Any]]) -> None:
    """A store as release `version` left it: its tables, its secret, its rows and keys."""
    engine = create_engine(url)
    serial = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    secret = secrets.token_hex(32)
    now = datetime(2026, 11, 20, tzinfo=UTC)
    with engine.begin() as conn:
        for statement in OLD_SCHEMA.format(serial=serial).split(";"):
            if statement.strip():
                conn.execute(text(statement))
        conn.execute(text("INSERT INTO onboarding_meta VALUES ('schema_version', :v), "
                          "('secret', :s)"), {"v": str(version), "s": secret})
        for n, row in enumerate(rows, 1):
            state = row["state"]
            conn.execute(text(
                "INSERT INTO registrations (id, client, flow, current, state, created_at, "
                "updated_at, registered_on, verified_on) VALUES (:id, :client, :flow, "
                ":current, :state, :now, :now, :reg, :ver)"), {
                "id": n, "client": row.get("client", "x"), "flow": "china",
                "current": "start", "state": state if isinstance(state, str) else json.dumps(state),
                "now": now, "reg": row.get("registered_on"), "ver": row.get("verified_on")})
            email = (state.get("answers", {}) if isinstance(state, dict) else {}).get("email")
            if email:  # release 1 kept emails, admins and operators, never names
                digest = hmac.new(bytes.fromhex(secret), email.lower().encode(),
                                  hashlib.sha256).hexdigest()
                conn.execute(text("INSERT INTO person_keys (registration_id, kind, digest) "
                                  "VALUES (:r, 'email', :d)"), {"r": n, "d": digest})
    engine.dispose()


def whole(answers: dict[str, Any]) -> dict[str, Any]:
    wizard = Wizard(answers)
    wizard.submitted.update(wizard.path)
    wizard.current = wizard.path[-1]
    return json.loads(json.dumps(wizard.state(), default=str))


def names_of(url: str, what: str = "columns") -> set[str]:
    """The names of the registrations table's columns (or its indexes: what="indexes")."""
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {c["name"] for c in getattr(inspect(conn), f"get_{what}")("registrations")}
    engine.dispose()
    return found


def scalar(url: str, sql: str) -> Any:
    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


@pytest.mark.parametrize("version", [1, 2])
def test_older_store_is_migrated_with_every_column_derived(store_url: str, version: int
                                                            ) -> None:
    marked = china()
    del marked["verification"]  # registered only by a mark, kept in a column by release 1
    marked["operators"] = marked["operators"][:1]
    old_store(store_url, version, [
        {"state": whole(marked), "client": "Lotus Tea Shanghai", "registered_on": "2026-10-01"},
        {"state": whole(overseas()), "client": "Nordlicht", "registered_on": "2026-11-18",
         "verified_on": "2026-11-24"},
        {"state": Wizard({"client": "Draft Co", "entity": "china"}).state()},
    ])
    store = open_store(store_url)

    assert scalar(store_url, "SELECT value FROM onboarding_meta WHERE key = 'schema_version'") \
        == str(SCHEMA_VERSION)
    assert "current" not in names_of(store_url)
    rows = store.rows(TODAY)
    assert [(r.id, r.client, r.flow, r.progress_text(), r.status) for r in rows] == [
        (1, "Lotus Tea Shanghai", "china", "9/9", "overdue"),  # verification due 2026-10-31
        (2, "Nordlicht Outdoor GmbH", "overseas", "8/8", "verified"),
        (3, "Draft Co", "china", "0/9", "draft"),  # verification is on every China path
    ]
    assert rows[0].next is not None and (rows[0].next.kind, rows[0].next.due) == (
        "submit_verification", date(2026, 10, 12))  # the last safe day: past due first
    first = store.get(1)  # the date the column held is now in the answers: one truth
    assert first.answers["lifecycle"] == {"registered_on": "2026-10-01"}
    assert store.get(2).answers_file()["lifecycle"] == {"registered_on": "2026-11-18",
                                                        "verified_on": "2026-11-24"}
    twin = china_account(9, admin=9)
    twin["profile"]["name"] = "莲花茶业LotusTea"  # release 1 had no name keys
    assert [i.path for i in store.cross_account_issues(twin)] == ["profile.name"]
    assert [(d.registration_id, d.kind) for d in store.due(TODAY, 30)] == [
        (1, "submit_verification"), (1, "verification")]
    assert [(d.registration_id, d.kind) for d in store.due(TODAY)] == [
        (1, "submit_verification"), (1, "verification"), (2, "renewal_opens"),
        (2, "reverification")]


def test_migration_names_a_damaged_row_and_keeps_the_others(store_url: str) -> None:
    old_store(store_url, 2, [{"state": whole(china())}, {"state": "[1, 2]", "client": "Broken"}])
    store = open_store(store_url)
    assert [(r.id, r.status) for r in store.rows(TODAY)] == [(1, "registered"), (2, "damaged")]
    with pytest.raises(StoreError, match="registration #2 is damaged"):
        store.get(2)


def test_migration_is_done_once(store_url: str) -> None:
    old_store(store_url, 2, [{"state": whole(china())}])
    open_store(store_url).close()
    before = scalar(store_url, "SELECT COUNT(*) FROM deadlines")
    open_store(store_url).close()
    assert scalar(store_url, "SELECT COUNT(*) FROM deadlines") == before == 3  # submit, finish,
    # and the short-term operator's expiry


def test_newer_store_is_refused_untouched_even_with_a_table_gone(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    url = f"sqlite:///{path}"
    open_store(url).add(china())
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE onboarding_meta SET value = '{SCHEMA_VERSION + 1}' "
                          "WHERE key = 'schema_version'"))
        conn.execute(text("DROP TABLE deadlines"))
    engine.dispose()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer onboarding"):
        open_store(url)
    assert path.read_bytes() == before


def test_newer_postgresql_store_is_refused_untouched(store_url: str) -> None:
    open_store(store_url).add(china())
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE onboarding_meta SET value = '{SCHEMA_VERSION + 1}' "
                          "WHERE key = 'schema_version'"))
        conn.execute(text("DROP TABLE deadlines"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer onboarding"):
        open_store(store_url)
    engine = create_engine(store_url)
    with engine.connect() as conn:
        assert "deadlines" not in inspect(conn).get_table_names()
    engine.dispose()


def test_an_older_store_gains_mobile_and_organization_keys(store_url: str) -> None:
    """Releases 1 and 2 kept no mobile or credit-code keys: the migration computes them, so
    a sixth account on one administrator's mobile is refused and a company's third warned."""
    def sharing(n: int) -> dict[str, Any]:
        data = china_account(n, admin=n)  # its own administrator, one mobile, one company
        data["admin"]["mobile"] = "+86 139 0000 0001"
        return data

    old_store(store_url, 2, [{"state": whole(sharing(n))} for n in range(5)])
    issues = open_store(store_url).cross_account_issues(sharing(9))
    assert [(i.path, i.severity) for i in issues] == [
        ("admin.mobile", "error"), ("organization.registration_number", "warning")]


@pytest.mark.parametrize("old", [4, 5])
def test_an_older_store_gains_the_page_index_and_keeps_everything(store_url: str,
                                                                  old: int) -> None:
    """Schemas 5 and 6 change only an index: the sealed answers, the key and the rows stay
    as they are, no new key is made, and the index a schema 5 store had is dropped."""
    first = open_store(store_url)
    reg_id = first.add(china()).id
    first.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {VIEW_INDEX}"))
        if old == 5:  # the index schema 5 made: no ID in it
            conn.execute(text(f"CREATE INDEX {OLD_INDEXES[0]} ON registrations (client, flow, "
                              "stage, obligation_due, steps_done, steps_total)"))
        conn.execute(text(f"UPDATE onboarding_meta SET value = '{old}' "
                          "WHERE key = 'schema_version'"))
        sealed = conn.execute(text("SELECT state FROM registrations")).scalar()
    engine.dispose()
    store = open_store(store_url)
    assert store.get(reg_id).client == "Lotus Tea Shanghai"
    assert store.key_created is None
    assert scalar(store_url, "SELECT value FROM onboarding_meta WHERE key = 'schema_version'"
                  ) == str(SCHEMA_VERSION)
    assert scalar(store_url, "SELECT state FROM registrations") == sealed
    indexes = names_of(store_url, "indexes")
    assert VIEW_INDEX in indexes and not indexes & set(OLD_INDEXES)
    assert [e.action for e in store.history()][-1] == f"upgrade to schema {SCHEMA_VERSION}"


def test_a_schema_6_store_gets_person_key_ids_never_given_twice(tmp_path: Path) -> None:
    """Schema 7 makes SQLite's person_keys anew with AUTOINCREMENT, rows and IDs kept: a
    deleted person key's ID is then never given again (issue 25)."""
    url = f"sqlite:///{tmp_path / 'p.db'}"
    first = open_store(url)
    for n in range(3):
        first.add(china_account(n, admin=n))
    first.close()
    engine = create_engine(url)
    with engine.begin() as conn:  # schema 6's table: an INTEGER PRIMARY KEY, IDs reused
        conn.execute(text("ALTER TABLE person_keys RENAME TO v7"))
        conn.execute(text("DROP INDEX ix_person_keys_registration_id"))
        conn.execute(text("DROP INDEX ix_person_keys_digest"))
        conn.execute(text("CREATE TABLE person_keys (id INTEGER NOT NULL, registration_id "
                          "INTEGER NOT NULL, kind VARCHAR(10) NOT NULL, digest VARCHAR(64) NOT "
                          "NULL, PRIMARY KEY (id), FOREIGN KEY(registration_id) REFERENCES "
                          "registrations (id) ON DELETE CASCADE)"))
        conn.execute(text("CREATE INDEX ix_person_keys_registration_id ON person_keys "
                          "(registration_id)"))
        conn.execute(text("CREATE INDEX ix_person_keys_digest ON person_keys (digest)"))
        conn.execute(text("INSERT INTO person_keys SELECT id, registration_id, kind, digest "
                          "FROM v7"))
        conn.execute(text("DROP TABLE v7"))
        conn.execute(text("UPDATE onboarding_meta SET value = '6' WHERE key = 'schema_version'"))
        rows = conn.execute(text("SELECT * FROM person_keys ORDER BY id")).all()
    engine.dispose()
    store = open_store(url)
    assert scalar(url, "SELECT value FROM onboarding_meta WHERE key = 'schema_version'"
                  ) == str(SCHEMA_VERSION)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, registration_id, kind, digest FROM person_keys "
                                 "ORDER BY id")).all() == rows  # and schema 9's ends_on
        assert "AUTOINCREMENT" in conn.execute(text(
            "SELECT sql FROM sqlite_master WHERE name = 'person_keys'")).scalar()
    engine.dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert {i["name"] for i in inspect(conn).get_indexes("person_keys")} == {
            "ix_person_keys_registration_id", "ix_person_keys_digest"}
    engine.dispose()
    highest = rows[-1][0]
    store.remove(3)  # the newest: its keys had the highest IDs
    store.add(china_account(9, admin=9))
    assert scalar(url, "SELECT MIN(id) FROM person_keys WHERE registration_id = 4") > highest
    with pytest.raises(InvalidRegistration, match="email: already used"):
        store.add(china_account(0, admin=5))  # the person keys still match
    assert f"upgrade to schema {SCHEMA_VERSION}" in [e.action for e in store.history()]
