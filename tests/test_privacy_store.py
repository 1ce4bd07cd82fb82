"""Personal data at rest (issue 13), on SQLite and PostgreSQL: sealed with a key that is not
in the database, a wrong or missing key refused before anything is written, older stores
migrated, the key rotated, personal data purged with the limits still held."""

from __future__ import annotations

import glob
import json
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from forms.personal import REMOVED
from onboarding.locations import default_key_path
from onboarding.store import DamagedStore, InvalidRegistration, KeyProblem, Refused, open_store
from onboarding.store.crypto import MasterKey, SealError
from onboarding.store.keysource import read_key_file
from onboarding.store.rotation import rotate_key
from onboarding.store.tables import SCHEMA_VERSION
from tests.helpers import china, china_account, overseas
from tests.test_store_migration import old_store, whole

# Every personal value of the two examples, in the spellings someone would search for.
SECRETS = [
    "310104199001011233",  # resident ID
    "C01X00T47",  # passport
    "+86 139 1234 5678", "+8613912345678", "13912345678", "139 1234 5678", "139-1234-5678",
    "+49 151 23456789", "+4915123456789", "15123456789", "0151 23456789",
    "wechat@lotustea.cn", "wechat@nordlicht-outdoor.de",
    "王芳", "Jonas Becker", "Anna Schmidt", "李伟", "Chen Jing",
    "anna_schmidt88", "liwei-shop", "chenjing_nl",
]


def setenv(monkeypatch: pytest.MonkeyPatch, name: str, value: str | None) -> None:
    """A setting changed mid-test (settings are read once per process)."""
    from onboarding.settings import settings

    if value is None:
        monkeypatch.delenv(name)
    else:
        monkeypatch.setenv(name, value)
    settings.cache_clear()


def spellings(value: str) -> list[bytes]:
    """The bytes a value could be stored as: UTF-8, JSON's \\u escapes, UTF-16."""
    escaped = "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in value)
    return [value.encode(), escaped.encode(), value.encode("utf-16-le")]


def leaks(data: bytes) -> list[str]:
    return [v for v in SECRETS if any(s in data for s in spellings(v))]


def files_of(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def two_examples(store: Any) -> None:
    store.add(china())
    record = store.add(overseas())
    store.mark(record.id, "verified", date(2026, 11, 24))


def scalar(url: str, sql: str) -> Any:
    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    engine.dispose()
    return value


def stored_text(url: str) -> bytes:
    """Every table's rows as text, as someone with SELECT on the database reads them."""
    engine = create_engine(url)
    out = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            out += [repr(tuple(row)) for row in conn.execute(text(f"SELECT * FROM {table}"))]
    engine.dispose()
    return "\n".join(out).encode()


# -- nothing personal in the files ---------------------------------------------------------


def test_sqlite_file_holds_no_personal_value_in_any_spelling(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    store = open_store(f"sqlite:///{path}")
    two_examples(store)
    assert leaks(files_of(path)) == []  # open: the write-ahead log too
    assert store.get(1).answers["admin"]["id_number"] == "310104199001011233"  # it opens
    store.close()
    data = files_of(path)
    assert leaks(data) == []
    assert b"Lotus Tea Shanghai" in data  # the check can see clear text: the client's label


def test_no_personal_value_readable_with_select(store_url: str) -> None:
    two_examples(open_store(store_url))
    dumped = stored_text(store_url)
    assert leaks(dumped) == []
    assert b"Lotus Tea Shanghai" in dumped and b"sealed:1:" in dumped


def pg_dump() -> str | None:
    found = shutil.which("pg_dump") or sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))
    return (found if isinstance(found, str) else found[-1]) if found else None


def test_a_pg_dump_holds_no_personal_value(store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("pg_dump is PostgreSQL's")
    tool = pg_dump()
    if tool is None:
        pytest.skip("pg_dump is not installed")
    two_examples(open_store(store_url))
    libpq = make_url(store_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    dump = subprocess.run([tool, "--dbname", libpq], capture_output=True, check=True).stdout
    assert b"Lotus Tea Shanghai" in dump
    assert leaks(dump) == []


# -- the key: outside the database, checked, never replaced ---------------------------------


def test_the_key_file_is_made_owner_only_and_the_store_records_its_fingerprint(
        store_url: str) -> None:
    store = open_store(store_url)
    path = default_key_path()
    assert store.key_created == path and path.stat().st_mode & 0o777 == 0o600
    key = read_key_file(path)
    assert key is not None
    assert scalar(store_url, "SELECT value FROM onboarding_meta WHERE key = 'key_fingerprint'"
                  ) == key.fingerprint
    assert scalar(store_url, "SELECT COUNT(*) FROM onboarding_meta WHERE key = 'secret'") == 0
    assert key.text() not in stored_text(store_url).decode()
    assert open_store(store_url).key_created is None  # made once


def test_a_wrong_key_is_one_line_naming_the_fingerprint_and_changes_nothing(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(store_url)
    two_examples(store)
    expected = store.key.fingerprint
    before = stored_text(store_url)
    wrong = MasterKey.generate()
    setenv(monkeypatch, "ONBOARDING_KEY", wrong.text())
    with pytest.raises(KeyProblem) as caught:
        open_store(store_url)
    message = str(caught.value)
    assert "\n" not in message and expected in message and wrong.fingerprint in message
    assert "ONBOARDING_KEY" in message
    assert stored_text(store_url) == before


def test_a_missing_key_is_refused_and_never_made_again(store_url: str) -> None:
    store = open_store(store_url)
    store.add(china())
    expected = store.key.fingerprint
    store.close()
    default_key_path().unlink()
    before = stored_text(store_url)
    for _ in range(2):
        with pytest.raises(KeyProblem, match=f"no key to open this store: it expects the key "
                           f"{expected}"):
            open_store(store_url)
    assert not default_key_path().exists()  # a new key would open nothing: none is made
    assert stored_text(store_url) == before


def test_the_key_can_come_from_the_environment_or_a_key_file(
        store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = MasterKey.generate()
    setenv(monkeypatch, "ONBOARDING_KEY", key.text())
    open_store(store_url).add(china())
    assert not default_key_path().exists()
    setenv(monkeypatch, "ONBOARDING_KEY", None)
    key_file = tmp_path / "team.key"
    key_file.write_text(key.text() + "\n")
    key_file.chmod(0o600)  # a key others can read is refused (tests/test_key_safety.py)
    setenv(monkeypatch, "ONBOARDING_KEY_FILE", str(key_file))
    assert open_store(store_url).get(1).answers["admin"]["id_number"] == "310104199001011233"


@pytest.mark.parametrize("content", [b"", b"not base64!", b"QUJD", b"x" * 5000])
def test_an_unusable_key_file_is_one_line(content: bytes, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    key_file = tmp_path / "bad.key"
    key_file.write_bytes(content)
    key_file.chmod(0o600)
    setenv(monkeypatch, "ONBOARDING_KEY_FILE", str(key_file))
    with pytest.raises(KeyProblem, match="not an onboarding key file"):
        open_store(f"sqlite:///{tmp_path / 'p.db'}")
    assert not (tmp_path / "p.db").exists()  # no key, no store
    assert key_file.read_bytes() == content


def test_a_store_whose_key_changed_meanwhile_refuses_to_write(store_url: str) -> None:
    first = open_store(store_url)
    first.add(china())
    second = open_store(store_url)
    rotate_key(second)  # another consultant rotates while this one has the store open
    with pytest.raises(KeyProblem, match="key was changed since this program opened it"):
        first.add(overseas())
    with pytest.raises(KeyProblem, match="key was changed"):
        first.get(1)  # its old key opens nothing now: said as that, not "damaged"
    assert [r.id for r in second.list()] == [1]


# -- migration of older stores ---------------------------------------------------------------


def v3_store(url: str) -> None:
    """A store as schema 3 left it: answers in clear, a secret row, no audit table."""
    store = open_store(url)
    two_examples(store)
    states = {r.id: r.state for r in store.list()}
    store.close()
    default_key_path().unlink()  # schema 3 had no key file
    engine = create_engine(url)
    with engine.begin() as conn:
        from sqlalchemy import JSON, bindparam

        for reg_id, state in states.items():
            conn.execute(text("UPDATE registrations SET state = :s WHERE id = :i").bindparams(
                bindparam("s", type_=JSON)), {"s": state, "i": reg_id})
        conn.execute(text("DROP TABLE audit"))
        conn.execute(text("DELETE FROM deadlines"))
        conn.execute(text("DELETE FROM onboarding_meta WHERE key <> 'schema_version'"))
        conn.execute(text("INSERT INTO onboarding_meta VALUES ('secret', :s)"),
                     {"s": "ab" * 32})
        conn.execute(text("UPDATE onboarding_meta SET value = '3' "
                          "WHERE key = 'schema_version'"))
    engine.dispose()


@pytest.mark.parametrize("version", [2, 3])
def test_an_older_store_is_sealed_and_keyed_in_one_migration(store_url: str,
                                                             version: int) -> None:
    if version == 3:
        v3_store(store_url)
    else:
        old_store(store_url, 2, [{"state": whole(china())},
                                 {"state": whole(overseas()), "registered_on": "2026-11-18"}])
    assert len(leaks(stored_text(store_url))) > 5  # in clear before
    store = open_store(store_url)
    assert store.key_created == default_key_path()
    dumped = stored_text(store_url)
    assert leaks(dumped) == []
    assert scalar(store_url, "SELECT value FROM onboarding_meta WHERE key = 'schema_version'"
                  ) == str(SCHEMA_VERSION)
    assert scalar(store_url, "SELECT COUNT(*) FROM onboarding_meta WHERE key = 'secret'") == 0
    assert store.get(1).answers["admin"]["id_number"] == "310104199001011233"
    assert [e.action for e in store.history()] == [f"upgrade to schema {SCHEMA_VERSION}"]
    twin = china_account(9, admin=9)
    twin["email"] = "wechat@lotustea.cn"  # the person keys were recomputed with the new key
    assert [i.path for i in store.cross_account_issues(twin) if i.severity == "error"] == [
        "email"]
    if store_url.startswith("sqlite"):
        store.close()
        assert leaks(files_of(Path(make_url(store_url).database or ""))) == []  # vacuumed


# -- rotation ----------------------------------------------------------------------------------


def test_rotation_seals_everything_anew_and_the_old_key_opens_nothing(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(store_url)
    two_examples(store)
    old = store.key
    old_state = scalar(store_url, "SELECT state FROM registrations WHERE id = 1")
    done = rotate_key(store)
    assert done.old == old.fingerprint and done.new != old.fingerprint
    new = read_key_file(default_key_path())
    assert new is not None and new.fingerprint == done.new
    kept = read_key_file(done.kept_old or Path())
    assert kept is not None and kept.raw == old.raw  # kept beside it for old backups
    state = scalar(store_url, "SELECT state FROM registrations WHERE id = 1")
    assert state != old_state and leaks(str(state).encode()) == []
    sealed = (state if isinstance(state, dict) else json.loads(state)
              )["answers"]["admin"]["id_number"]
    with pytest.raises(SealError):
        old.cipher.open(sealed, "admin.id_number")
    assert new.cipher.open(sealed, "admin.id_number") == "310104199001011233"
    setenv(monkeypatch, "ONBOARDING_KEY", old.text())
    with pytest.raises(KeyProblem, match=f"this store expects the key {done.new}"):
        open_store(store_url)
    setenv(monkeypatch, "ONBOARDING_KEY", None)
    reopened = open_store(store_url)
    assert reopened.get(2).answers["admin"]["passport_number"] == "C01X00T47"
    titles = [d.title for d in reopened.due(date(2026, 11, 25))]
    assert "Short-term operator 李伟 (liwei-shop) expires" in titles  # sealed, opened anew
    assert [e.action for e in reopened.history()][-1] == "rotate key"


def test_rotation_keeps_the_limits_of_purged_registrations(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(5):
        record = store.add(china_account(n, admin=7))
        store.mark(record.id, "verified", date(2026, 11, 24))
    store.purge(1)
    for _ in range(2):  # twice: the chain of earlier keys grows
        rotate_key(store)
        store = open_store(store_url)
        with pytest.raises(InvalidRegistration, match="already administers 5"):
            store.add(china_account(6, admin=7))
        taken = china_account(6, admin=8)
        taken["email"] = "account1@example.cn"  # the purged one's email still counts
        assert [i.path for i in store.cross_account_issues(taken)
                if i.severity == "error"] == ["email"]


def test_rotation_with_the_key_in_the_environment_writes_the_new_key_to_a_file(
        store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setenv(monkeypatch, "ONBOARDING_KEY", MasterKey.generate().text())
    store = open_store(store_url)
    store.add(china())
    with pytest.raises(KeyProblem, match="give a new file for the new key"):
        rotate_key(store)
    done = rotate_key(store, tmp_path / "new.key")
    assert (tmp_path / "new.key").stat().st_mode & 0o777 == 0o600
    setenv(monkeypatch, "ONBOARDING_KEY", (tmp_path / "new.key").read_text())
    assert open_store(store_url).key.fingerprint == done.new


def test_a_rotation_stopped_after_its_commit_is_finished_on_the_next_open(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(store_url)
    store.add(china())

    def crash(step: str) -> None:
        if step == "committed":
            raise KeyProblem("power cut")

    with monkeypatch.context() as patched:
        patched.setattr("onboarding.store.rotation.at_step", crash)
        with pytest.raises(KeyProblem, match="power cut"):
            rotate_key(store)
    staged = list(default_key_path().parent.glob("portfolio.key.new.*"))
    assert len(staged) == 1  # the new key is safe
    reopened = open_store(store_url)  # finds it, moves it into place
    assert reopened.get(1).client == "Lotus Tea Shanghai"
    found = read_key_file(default_key_path())
    assert found is not None and found.raw == reopened.key.raw
    assert not staged[0].exists()


def test_a_failed_rotation_changes_nothing(store_url: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(store_url)
    store.add(china())
    before = stored_text(store_url)
    key = store.key

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("onboarding.store.rotation.retire", broken)
    with pytest.raises(RuntimeError):
        rotate_key(store)
    assert stored_text(store_url) == before
    found = read_key_file(default_key_path())
    assert found is not None and found.raw == key.raw
    assert not list(default_key_path().parent.glob("portfolio.key.new*"))


# -- purge: keep less, count the same ------------------------------------------------------------


def test_purge_keeps_only_keyed_hashes_and_the_limits_still_count(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(5):
        record = store.add(china_account(n, admin=3, operators=("shared_op",)))
        store.mark(record.id, "verified", date(2026, 11, 24))
    keys_before = stored_text(store_url).count(b"'admin'")
    record, done, _emptied = store.purge(2)
    assert done and record.purged == "2026-11-25"
    answers = record.answers
    assert answers["email"] == answers["admin"]["id_number"] == REMOVED
    assert answers["admin"]["name"] == answers["admin"]["mobile"] == REMOVED
    assert answers["operators"][0]["wechat_id"] == REMOVED
    assert answers["client"] == "Client 1" and answers["profile"]["name"] == "LotusTea1"
    assert stored_text(store_url).count(b"'admin'") == keys_before  # person keys kept
    assert record.status(date(2026, 11, 25)) == "verified"
    assert "reverification" in [d.kind for d in record.requirements()]
    with pytest.raises(InvalidRegistration, match="already administers 5"):
        store.add(china_account(6, admin=3))
    taken = china_account(6, admin=4)
    taken["email"] = "account1@example.cn"
    with pytest.raises(InvalidRegistration, match="email: already used"):
        store.add(taken)
    assert store.purge(2).done is False  # already done: nothing more to remove


def test_purge_refuses_what_still_needs_its_data_and_purged_ones_stay_read_only(
        store_url: str) -> None:
    store = open_store(store_url)
    record = store.add(china())
    with pytest.raises(Refused, match="not verified yet"):
        store.purge(record.id)
    store.mark(record.id, "verified", date(2026, 11, 24))
    purged = store.purge(record.id).record
    with pytest.raises(Refused, match="can no longer be edited"):
        store.save_draft(purged.state, record.id)
    later = store.mark(record.id, "verified", date(2026, 11, 25))  # marks still go on
    assert later.verified_on == date(2026, 11, 25) and later.purged == "2026-11-25"


def test_purge_leaves_no_personal_value_behind_in_the_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    store = open_store(f"sqlite:///{path}")
    two_examples(store)
    store.purge(2)
    store.close()
    data = files_of(path)
    assert leaks(data) == []
    assert b"C01X00T47" not in data


def sealed_values_in(data: bytes, key: MasterKey, paths: list[str]) -> list[Any]:
    """Every sealed value in the bytes of a store's files that opens with `key`."""
    import re

    from onboarding.store.sealing import DEADLINE_TITLE

    found = []
    for blob in set(re.findall(rb"sealed:1:[A-Za-z0-9+/]+=*", data)):
        for where in [*paths, DEADLINE_TITLE]:
            try:
                found.append(key.cipher.open(blob.decode(), where))
            except SealError:
                continue
    return found


@pytest.mark.parametrize("reading", [False, True])
def test_purge_empties_the_write_ahead_log_while_another_program_has_the_store_open(
        tmp_path: Path, reading: bool) -> None:
    """The purged values, sealed, stayed in p.db-wal while the TUI or a colleague had the
    store open, and opened with the current key (issue 25)."""
    from forms.personal import path_text, personal_values

    path = tmp_path / "portfolio.db"
    url = f"sqlite:///{path}"
    store = open_store(url)
    two_examples(store)
    answers = store.get(2).answers
    purged = {str(v) for _p, v in personal_values(answers)}
    paths = [path_text(p) for p, _v in personal_values(answers)]
    other = open_store(url)  # the TUI, a colleague
    assert len(other.list()) == 2
    holder = other.engine.connect()
    if reading:  # in the middle of a read: the log cannot be emptied now
        holder.exec_driver_sql("SELECT COUNT(*) FROM registrations").scalar()  # BEGIN: held
    done = store.purge(2)
    assert done.done and done.emptied is not reading
    found = sealed_values_in(files_of(path), store.key, paths)
    left = [v for v in found if any(p in str(v) for p in purged)]
    if reading:
        assert left  # said to the user instead (tests/test_privacy_cli.py)
    else:
        assert left == [], left
    holder.close()
    other.close()
    store.close()


# -- the audit trail -------------------------------------------------------------------------------


def test_every_write_leaves_an_audit_row_without_values(store_url: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    setenv(monkeypatch, "ONBOARDING_CONSULTANT_NAME", "Li Wei")
    store = open_store(store_url)
    two_examples(store)
    draft = store.save_draft({"answers": {"client": "Draft Co", "entity": "china"}})
    state = draft.state
    state["answers"]["email"] = "someone@example.cn"
    store.save_draft(state, draft.id)
    with pytest.raises(Refused):
        store.mark(draft.id, "registered")  # refused: no row
    store.purge(2)
    store.remove(1)
    rotate_key(store)
    trail = store.history()
    assert [(e.action, e.registration_id) for e in trail] == [
        ("import", 1), ("import", 2), ("mark verified", 2), ("new", 3), ("save", 3),
        ("purge", 2), ("remove", 1), ("rotate key", None)]
    assert {e.who for e in trail} == {"Li Wei"} and {e.via for e in trail} == {"command line"}
    assert trail[4].fields == ("email",)
    assert "admin.id_number" in trail[0].fields and "admin.passport_number" in trail[5].fields
    assert [e.action for e in store.history(1)] == ["import", "remove"]  # kept after removal
    rows = _audit_rows(store_url)
    for value in [*SECRETS, "someone@example.cn", "Draft Co", "Lotus Tea Shanghai"]:
        assert value not in rows


def _audit_rows(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = "\n".join(repr(tuple(r)) for r in conn.execute(text("SELECT * FROM audit")))
    engine.dispose()
    return rows


def test_audit_rows_hold_no_value_and_no_name(store_url: str) -> None:
    store = open_store(store_url)
    two_examples(store)
    store.purge(2)
    rows = _audit_rows(store_url)
    assert "admin.id_number" in rows
    for value in [*SECRETS, "Lotus Tea Shanghai", "Nordlicht"]:
        assert value not in rows


def test_who_is_the_os_user_without_a_consultant_name(store_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "wang")
    store = open_store(store_url)
    store.add(china())
    assert [e.who for e in store.history(1)] == ["wang"]


def test_the_audit_row_is_in_the_same_transaction(store_url: str) -> None:
    store = open_store(store_url)
    store.add(china())
    with pytest.raises(InvalidRegistration):
        store.add(china())  # the same email and name: refused, nothing written
    assert [e.registration_id for e in store.history()] == [1]


def test_a_forged_clear_value_is_named_damaged(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.db"
    store = open_store(f"sqlite:///{path}")
    store.add(china())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE registrations SET state = json_set(state, '$.answers.email', "
                      "'forged@example.cn')")
    conn.close()
    with pytest.raises(DamagedStore, match=r"registration #1 is damaged \(email is not encrypted"):
        open_store(f"sqlite:///{path}").get(1)
