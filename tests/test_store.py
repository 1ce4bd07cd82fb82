"""The portfolio store, on SQLite and PostgreSQL: limits, lifecycle, safety, concurrency."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from onboarding.store import (
    InvalidRegistration,
    NotFound,
    Refused,
    StoreError,
    jsonable,
    open_store,
)
from onboarding.wizard import Wizard
from tests.helpers import china, china_account, overseas, resident_id

TODAY = date(2026, 11, 25)


def test_add_and_read_back(store_url: str) -> None:
    store = open_store(store_url)
    record = store.add(china())
    again = store.get(record.id)
    assert again.answers == jsonable(china())
    assert (again.client, again.flow) == ("Lotus Tea Shanghai", "china")
    assert again.progress() == (9, 9)
    assert again.registered_on == date(2026, 11, 20)  # from verification.registered_on
    assert [r.id for r in store.list()] == [record.id]


def test_invalid_registration_is_refused_with_its_issues(store_url: str) -> None:
    data = china()
    data["admin"]["mobile"] = "+44 7700 900123"
    with pytest.raises(InvalidRegistration) as caught:
        open_store(store_url).add(data)
    assert [i.path for i in caught.value.issues] == ["admin.mobile"]
    assert open_store(store_url).list() == []


def test_email_used_once_across_the_store(store_url: str) -> None:
    store = open_store(store_url)
    store.add(china_account(1))
    again = china_account(2)
    again["email"] = "ACCOUNT1@example.cn"
    with pytest.raises(InvalidRegistration) as caught:
        store.add(again)
    assert [i.path for i in caught.value.issues] == ["email"]


def test_admin_limit_across_the_store_names_the_count(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(5):
        store.add(china_account(n, admin=7))
    with pytest.raises(InvalidRegistration) as caught:
        store.add(china_account(5, admin=7))
    admin, mobile = caught.value.issues  # the same person, the same number
    assert (admin.path, mobile.path) == ("admin.id_number", "admin.mobile")
    assert "already administers 5" in admin.message
    assert "administrator's number of 5" in mobile.message
    store.add(china_account(6, admin=8))  # another person is fine


def test_operator_limit_across_the_store(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(5):
        store.add(china_account(n, admin=n, operators=("busy_operator",)))
    with pytest.raises(InvalidRegistration) as caught:
        store.add(china_account(9, admin=9, operators=("ok_operator", "Busy_Operator")))
    assert [i.path for i in caught.value.issues] == ["operators[1].wechat_id"]


def test_cross_account_issues_exclude_the_registration_itself(store_url: str) -> None:
    store = open_store(store_url)
    record = store.add(china_account(1))
    assert store.cross_account_issues(china_account(1), exclude_id=record.id) == []
    assert [i.path for i in store.cross_account_issues(china_account(1))] == [
        "email", "profile.name"]


def test_person_keys_are_keyed_hashes_not_numbers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    open_store(url).add(china())
    with sqlite3.connect(tmp_path / "p.db") as conn:
        digests = [row[0] for row in conn.execute("SELECT digest FROM person_keys")]
    assert len(digests) == 7  # email, account name, admin, mobile, org, two operators
    assert not any(number in d for d in digests for number in (
        "310104199001011233", "lotustea", "13912345678", "91310115MA1H7GXX0A"))
    other = tmp_path / "other.db"
    open_store(f"sqlite:///{other}").add(china())
    with sqlite3.connect(other) as conn:
        assert set(digests).isdisjoint(r[0] for r in conn.execute("SELECT digest FROM person_keys"))


def test_drafts_are_saved_and_updated(store_url: str) -> None:
    store = open_store(store_url)
    wizard = Wizard()
    assert wizard.submit({"client": "Half Done", "entity": "overseas"}) == []
    record = store.save_draft(wizard.state())
    assert (record.client, record.flow, record.status(TODAY)) == ("Half Done", "overseas", "draft")
    wizard.submit({"account_type": "service"})
    again = store.save_draft(wizard.state(), record.id)
    assert again.id == record.id
    assert store.get(record.id).state["current"] == "email"
    assert store.get(record.id).progress() == (2, 8)
    unnamed = store.save_draft(Wizard({"client": "No Path Yet"}).state())
    assert unnamed.progress() == (0, None) and unnamed.progress_text() == "0/?"


def test_a_complete_draft_must_pass_the_store_limits(store_url: str) -> None:
    store = open_store(store_url)
    store.add(china_account(1))
    wizard = Wizard(china_account(2) | {"email": "account1@example.cn"})
    for step in wizard.path:
        wizard.submitted.add(step)
    assert wizard.complete
    with pytest.raises(InvalidRegistration):
        store.save_draft(wizard.state())


def test_unknown_ids(store_url: str) -> None:
    store = open_store(store_url)
    for call in (lambda: store.get(42), lambda: store.remove(42),
                 lambda: store.save_draft(Wizard().state(), 42)):
        with pytest.raises(NotFound, match="no registration with ID 42"):
            call()


def test_remove_frees_the_email(store_url: str) -> None:
    store = open_store(store_url)
    record = store.add(china_account(1))
    store.remove(record.id)
    assert store.list() == []
    store.add(china_account(1))


def test_lifecycle_status_and_deadlines(store_url: str) -> None:
    store = open_store(store_url)
    data = china()
    del data["verification"]
    data["operators"] = data["operators"][:1]  # long-term only: no expiry
    record = store.add(data)
    assert record.status(TODAY) == "ready"
    assert record.next_deadline(TODAY) is None  # verification window not started
    record = store.mark(record.id, "registered", date(2026, 11, 1))
    assert record.status(date(2026, 11, 10)) == "registered"
    due = record.next_deadline(TODAY)  # the last safe day to submit has passed
    assert (due.kind, due.deadline, due.state(TODAY)) == (
        "submit_verification", date(2026, 11, 10), "past_due")
    assert record.status(TODAY) == "overdue"
    record = store.mark(record.id, "submitted", date(2026, 11, 9))
    assert record.status(TODAY) == "registered"
    due = record.next_deadline(TODAY)
    assert (due.kind, due.deadline) == ("verification", date(2026, 12, 1))
    assert record.status(date(2026, 12, 2)) == "overdue"
    record = store.mark(record.id, "verified", date(2026, 11, 20))
    assert record.status(TODAY) == "verified"
    renew = [d for d in record.requirements() if d.kind == "reverification"]
    assert renew[0].deadline == date(2027, 11, 20)
    assert record.status(date(2027, 11, 21)) == "overdue"
    record = store.mark(record.id, "verified", date(2026, 11, 25))  # a renewal approved
    assert record.status(date(2027, 11, 21)) == "verified"


def test_mark_refuses_what_cannot_be(store_url: str) -> None:
    store = open_store(store_url)
    draft = store.save_draft(Wizard({"client": "x"}).state())
    with pytest.raises(Refused, match="still a draft"):
        store.mark(draft.id, "registered")
    data = china()
    del data["verification"]
    record = store.add(data)
    with pytest.raises(Refused, match="not registered yet"):
        store.mark(record.id, "verified")
    with pytest.raises(Refused, match="is after today"):
        store.mark(record.id, "registered", date(2026, 11, 26))
    store.mark(record.id, "registered", date(2026, 11, 10))
    with pytest.raises(Refused, match="registered on 2026-11-10"):
        store.mark(record.id, "verified", date(2026, 11, 9))
    with pytest.raises(Refused, match="before the Official Accounts Platform opened"):
        store.mark(record.id, "registered", date(1990, 1, 1))
    with_operator = store.add(china_account(2, admin=2, operators=("joined_1121",)))
    with pytest.raises(Refused, match=r"operators\[0\].added_on: 2026-11-21 is before the account"):
        store.mark(with_operator.id, "registered", date(2026, 11, 22))
    assert store.get(with_operator.id).registered_on != date(2026, 11, 22)


def test_short_term_operator_expiry_is_a_deadline(store_url: str) -> None:
    record = open_store(store_url).add(china())
    expiry = [d for d in record.requirements() if d.kind == "operator_expiry"]
    assert [d.deadline for d in expiry] == [date(2026, 12, 21)]  # added 2026-11-21, one month
    assert [d.kind for d in open_store(store_url).add(overseas()).requirements()] == [
        "register", "verification"]  # long-term only: no term ends; verification undated


# -- the store file -------------------------------------------------------------------


def test_default_store_in_user_data_folder_owner_only(private_data_dir: Path) -> None:
    open_store().add(china())
    path = private_data_dir / "onboarding" / "portfolio.db"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_environment_selects_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONBOARDING_DB", f"sqlite:///{tmp_path / 'team.db'}")
    open_store().add(china())
    assert (tmp_path / "team.db").is_file()


def test_mistyped_folder_is_refused_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'no-such-folder' / 'p.db'}")
    assert not (tmp_path / "no-such-folder").exists()


def test_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"this is not a database at all\n" * 50)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an onboarding store"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_damaged_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_store(f"sqlite:///{path}").add(china())
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}").list()
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == bytes(data)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not an onboarding store"):
        open_store(f"sqlite:///{path}")


def test_a_stored_registrations_checklist_tells_the_portfolios_warnings(store_url: str
                                                                        ) -> None:
    """One engine function gathers them (issue 21: the checklist command and the home
    screen each asked the store, the wizard a third way): the stored registration as the
    wizard holds it, checked against its portfolio; its checklist tells what it warns."""
    from onboarding.checklist import checklist_for
    from onboarding.checklist.text import plain

    store = open_store(store_url)
    for n in range(3):  # one company, three accounts
        store.add(china_account(n, admin=n))
    draft = china_account(3, admin=3)
    del draft["operators"], draft["profile"]
    draft_id = store.save_draft(Wizard(draft, submitted={"start"}).state()).id
    for reg_id, kind in ((1, "registration"), (draft_id, "prepare")):
        wizard = store.checked(store.get(reg_id))
        assert [i.path for i in wizard.warnings()] == ["organization.registration_number"]
        checklist = checklist_for(wizard)
        assert checklist.kind == kind
        assert [w for w in map(plain, checklist.warnings) if "already has 3" in w], kind


def test_an_organization_over_its_quota_is_stored_with_a_warning(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(3):  # one company, three accounts: warned from the third, never refused
        found = store.cross_account_issues(china_account(n, admin=n))
        assert [(i.path, i.severity) for i in found] == (
            [] if n < 2 else [("organization.registration_number", "warning")])
        store.add(china_account(n, admin=n))
    assert len(store.list()) == 3


def test_newer_schema_is_refused(store_url: str) -> None:
    from sqlalchemy import create_engine, text

    open_store(store_url).close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE onboarding_meta SET value = '99' WHERE key = 'schema_version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer onboarding"):
        open_store(store_url)


def test_locked_store_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_store(f"sqlite:///{path}").add(china())
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            open_store(f"sqlite:///{path}", timeout=0.2).add(china_account(2))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(open_store(f"sqlite:///{path}").list()) == 1


def test_bad_urls_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("nonsense")
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{tmp_path}")  # a folder


# -- two processes at once ------------------------------------------------------------


def _slow_checks() -> None:
    """Widen the gap between the limit check and the insert, as a slow machine would."""
    from forms.ledger import Ledger

    original = Ledger.issues

    def slow(self: Ledger, keys: object, describe: object = None) -> list:
        found = original(self, keys, describe)  # type: ignore[arg-type]
        time.sleep(0.5)
        return found

    Ledger.issues = slow  # type: ignore[method-assign]


def _add_one(url: str, n: int, barrier: multiprocessing.synchronize.Barrier,
             results: multiprocessing.Queue) -> None:
    os.environ["ONBOARDING_TODAY"] = "2026-11-25"
    _slow_checks()
    store = open_store(url)
    barrier.wait()
    try:
        store.add(china_account(n, admin=3))
        results.put("added")
    except InvalidRegistration as exc:
        results.put(str(exc))


def _save_many(url: str, who: int, barrier: multiprocessing.synchronize.Barrier) -> None:
    store = open_store(url)
    barrier.wait()
    for i in range(15):
        store.save_draft(Wizard({"client": f"p{who}-{i}"}).state())


def _run(target: object, args_of: list[tuple]) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=target, args=args) for args in args_of]  # type: ignore[arg-type]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0


def test_admin_limit_holds_when_two_processes_add_at_once(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(4):
        store.add(china_account(n, admin=3))
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    _run(_add_one, [(store_url, 10, barrier, results), (store_url, 11, barrier, results)])
    outcomes = sorted(results.get(timeout=5) for _ in range(2))
    assert outcomes[0] == "added"
    assert "already administers 5" in outcomes[1]
    assert len(store.list()) == 5


def test_two_processes_saving_lose_nothing(store_url: str) -> None:
    open_store(store_url).close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    _run(_save_many, [(store_url, 1, barrier), (store_url, 2, barrier)])
    clients = {r.client for r in open_store(store_url).list()}
    assert clients == {f"p{w}-{i}" for w in (1, 2) for i in range(15)}


def test_resident_id_helper_is_valid() -> None:
    from stdnum.cn import ric

    assert all(ric.is_valid(resident_id(n)) for n in range(20))


def test_registration_date_in_the_answers_counts_until_marked(store_url: str) -> None:
    store = open_store(store_url)
    wiz = Wizard(china())
    wiz.submitted.update(wiz.path)
    record = store.save_draft(wiz.state())
    assert record.registered_on == date(2026, 11, 20)
    assert record.status(TODAY) == "registered"
    store.mark(record.id, "registered", date(2026, 11, 19))
    record = store.save_draft(wiz.state(), record.id)  # a wizard opened before the mark
    assert record.registered_on == date(2026, 11, 19)
    assert record.answers_file()["lifecycle"] == {"registered_on": "2026-11-19"}
    assert record.answers_file()["verification"]["registered_on"] == "2026-11-19"


def test_a_store_let_go_without_close_releases_its_file(tmp_path: Path) -> None:
    """CI once failed a "left untouched" check: a store dropped without `close()` kept its
    SQLite connection open until the garbage collector ran (the engine sits in a reference
    cycle), so the write-ahead log was folded into the file at a random later moment."""
    import gc

    path = tmp_path / "p.db"
    gc.disable()
    try:
        open_store(f"sqlite:///{path}").add(china())
        assert not path.with_name("p.db-wal").exists()  # the last connection closed: folded
    finally:
        gc.enable()


def test_a_store_is_a_context_manager(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_store(f"sqlite:///{path}") as store:
        store.add(china())
        assert path.with_name("p.db-wal").exists()  # open while in use
    assert not path.with_name("p.db-wal").exists()


def test_an_id_is_never_given_twice_and_a_new_registration_has_no_old_history(
        store_url: str) -> None:
    """SQLite hands out the highest rowid again once its row is deleted: #2 deleted, the
    next registration was #2 again and `history 2` showed the deleted client's trail."""
    store = open_store(store_url)
    store.add(china())
    gone = store.add(overseas()).id
    store.remove(gone)
    again = store.add(china_account(7, admin=7)).id
    assert again == gone + 1
    assert len(store.history(again)) == 1  # its own import, nothing of the deleted one
    store.remove(again)
    ((_, added),) = store.add_many([("x.yaml", china_account(8, admin=8))])
    assert added.id == again + 1  # type: ignore[union-attr]
    store.close()
