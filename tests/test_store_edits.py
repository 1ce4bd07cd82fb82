"""Editing a finished registration (issue 15, item 1): a recorded registration is a fact.

An unfinished edit is kept apart as an edit in progress; the registration keeps its
status, deadlines and last valid answers until the edit is finished or discarded.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from onboarding.store import InvalidRegistration, Store, open_store
from onboarding.wizard import Wizard
from tests.helpers import EXAMPLES, china, china_account

TODAY = date(2026, 11, 25)


def registered(store: Store) -> int:
    record = store.add(china())
    store.mark(record.id, "registered", date(2026, 11, 20))
    return record.id


def half_edited(store: Store, reg_id: int) -> Wizard:
    """The issue's run-through: resume, Edit on Operators, "+ Add another operator", quit."""
    wizard = store.get(reg_id).resume()
    assert wizard.go_to("operators")
    wizard.update({"operators": [*wizard.answers["operators"], {"term": "long"}]})
    store.save_draft(wizard.state(), reg_id)
    return wizard


def test_an_unfinished_edit_keeps_status_deadlines_and_answers(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = registered(store)
    before, due = store.get(reg_id), store.due(TODAY)
    assert due  # the verification, the short-term operator's end
    half_edited(store, reg_id)
    (row,) = store.rows(TODAY)
    assert (row.progress_text(), row.status) == ("9/9", "registered")
    assert store.due(TODAY) == due
    record = store.get(reg_id)
    assert record.answers == before.answers and record.registration() is not None
    assert (record.registered_on, record.stage) == (date(2026, 11, 20), "registered")
    assert len(record.edit["answers"]["operators"]) == 3  # type: ignore[index]
    resumed = record.resume()  # `resume` reopens the edit where it stopped
    assert resumed.current == "operators" and len(resumed.answers["operators"]) == 3
    assert resumed.is_draft and not record.wizard().is_draft


def test_the_portfolio_rows_say_an_edit_is_unfinished(store_url: str) -> None:
    """Issue 23: a half-finished edit of a registered account was invisible in the portfolio
    (its row said registered); the rows say it, and the step it stopped at, every view (a
    page, the whole portfolio), until the edit is finished or discarded."""
    store = open_store(store_url)
    reg_id = registered(store)
    other = store.add(china_account(2)).id
    assert [row.editing for row in store.rows(TODAY)] == [None, None]
    half_edited(store, reg_id)
    rows = store.rows(TODAY)
    assert {row.id: (row.editing, row.edit_pending) for row in rows} == {
        reg_id: ("operators", True), other: (None, False)}
    page, _size = store.page(TODAY, None, offset=0, limit=1)
    assert [(row.id, row.editing) for row in page] == [(reg_id, "operators")]
    assert [row.editing for row in store.rows(TODAY, "lotus", offset=0, limit=5)] == [
        "operators"]
    store.discard_edit(reg_id)
    assert [row.editing for row in store.rows(TODAY)] == [None, None]


def test_the_portfolio_rows_say_where_a_draft_stopped(store_url: str) -> None:
    """The portfolio says where a draft stopped from its query, as it says an edit's: the
    screen reads no registration whole (and opens nothing sealed) to say it."""
    store = open_store(store_url)
    wizard = Wizard()
    assert wizard.submit({"client": "Lotus", "entity": "china"}) == []
    assert wizard.submit({"account_type": "service"}) == []
    draft = store.save_draft(wizard.state()).id
    assert wizard.go_to("account_type")
    store.save_draft(wizard.state(), draft)  # gone back a step
    finished = store.add(china_account(2)).id
    (page, _size), whole = store.page(TODAY, None, offset=0, limit=5), store.rows(TODAY)
    for rows in (page, whole):
        assert {row.id: (row.editing, row.edit_pending) for row in rows} == {
            draft: ("account_type", False), finished: (None, False)}


def test_finishing_the_edit_replaces_the_answers(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = registered(store)
    wizard = half_edited(store, reg_id)
    wizard.answers["operators"][-1] |= {"name": "Wu Fang", "wechat_id": "wufang_sh"}
    assert wizard.submit() == []
    record = store.save_draft(wizard.state(), reg_id)
    assert record.edit is None
    assert [o["wechat_id"] for o in record.answers["operators"]][-1] == "wufang_sh"
    assert (record.stage, record.registered_on) == ("registered", date(2026, 11, 20))


def test_a_finished_edit_is_checked_like_any_complete_save(store_url: str) -> None:
    store = open_store(store_url)
    other = store.add(china_account(1))
    reg_id = registered(store)
    wizard = store.get(reg_id).resume()
    wizard.answers["email"] = "account1@example.cn"  # the other registration's
    wizard.submitted.update(wizard.path)
    assert not wizard.is_draft  # no store checks in this wizard: the store must catch it
    with pytest.raises(InvalidRegistration, match=f"#{other.id} Client 1"):
        store.save_draft(wizard.state(), reg_id)
    assert store.get(reg_id).answers["email"] == "wechat@lotustea.cn"


def test_a_discarded_edit_leaves_the_registration_as_it_was(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = registered(store)
    before = store.get(reg_id)
    half_edited(store, reg_id)
    after = store.discard_edit(reg_id)
    assert after.edit is None and after.answers == before.answers
    assert after.resume().state() == before.wizard().state()


def test_an_edit_is_kept_apart_for_a_ready_registration_too(store_url: str) -> None:
    store = open_store(store_url)
    data = china()
    del data["verification"]["registered_on"]  # finished, not registered yet
    reg_id = store.add(data).id
    assert store.get(reg_id).stage == "ready"
    half_edited(store, reg_id)
    assert [r.status for r in store.rows(TODAY)] == ["ready"]


def test_a_draft_is_still_saved_as_it_is(store_url: str) -> None:
    store = open_store(store_url)
    wizard = Wizard()
    wizard.submit({"client": "Half Done", "entity": "china"})
    record = store.save_draft(wizard.state())
    wizard.update({"account_type": "subscription"})
    again = store.save_draft(wizard.state(), record.id)
    assert again.edit is None and again.answers["account_type"] == "subscription"


def test_a_damaged_edit_is_refused_like_damaged_answers() -> None:
    from onboarding.store.summary import parse_state

    with pytest.raises(ValueError, match="edit in progress"):
        parse_state({"answers": {}, "edit": ["not", "a", "state"]})
    with pytest.raises(ValueError, match="not a mapping"):
        parse_state({"answers": {}, "edit": {"answers": "text"}})


def test_the_commands_see_the_registration_not_the_unfinished_edit(
        store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from onboarding.cli import main

    db = ["--db", store_url]
    assert main([*db, "import", str(EXAMPLES / "china.yaml")]) == 0
    assert main([*db, "mark", "1", "registered", "--on", "2026-11-20"]) == 0
    half_edited(open_store(store_url), 1)
    capsys.readouterr()
    assert main([*db, "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["progress"], row["status"]) == ([9, 9], "registered")
    assert main([*db, "deadlines"]) == 0
    assert "Complete WeChat Verification" in capsys.readouterr().out
    assert main([*db, "show", "1"]) == 0
    out = capsys.readouterr().out
    assert "status:     registered" in out
    assert "editing:    an unfinished edit, at Operators (resume 1 continues it" in out


def test_an_edit_kept_apart_is_sealed_like_the_answers(store_url: str) -> None:
    from tests.test_privacy_store import leaks, stored_text

    store = open_store(store_url)
    reg_id = registered(store)
    wizard = half_edited(store, reg_id)
    wizard.answers["admin"]["mobile"] = "+86 139 1234 5679"  # a new personal value, unfinished
    store.save_draft(wizard.state(), reg_id)
    dumped = stored_text(store_url)
    assert leaks(dumped) == [] and b"13912345679" not in dumped
    assert store.get(reg_id).edit["answers"]["admin"]["mobile"] == "+86 139 1234 5679"  # type: ignore[index]
    actions = [(e.action, e.fields) for e in store.history(reg_id)]
    assert actions[-1] == ("edit", ("admin.mobile",))  # what changed, never a value
    store.discard_edit(reg_id)
    assert store.history(reg_id)[-1].action == "discard edit"


def test_a_purge_takes_an_unfinished_edit_with_it(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = registered(store)
    store.mark(reg_id, "verified", date(2026, 11, 24))
    half_edited(store, reg_id)
    record = store.purge(reg_id).record
    assert record.edit is None


def test_a_finished_registration_walked_through_is_not_written(store: Store) -> None:
    """Issue 23: opening a verified registration and stepping back wrote `save …
    verification.registered_on` (the marked day the wizard shows on the step) and moved
    it; with no value changed nothing is saved or audited."""
    data = china()
    del data["verification"]["registered_on"]  # the day is marked, not answered
    reg_id = store.add(data).id
    store.mark(reg_id, "registered", date(2026, 11, 20))
    store.mark(reg_id, "verified", date(2026, 11, 24))
    before, trail = store.get(reg_id), len(store.history(reg_id))
    wizard = before.resume()
    wizard.back()  # on to the verification step, which shows the marked day
    assert wizard.answers["verification"]["registered_on"] == "2026-11-20"
    store.save_draft(wizard.state(), reg_id)
    after = store.get(reg_id)
    assert len(store.history(reg_id)) == trail
    assert after.state == before.state and after.edit is None
    wizard.answers["profile"]["operating_area"] = "Hangzhou"  # a real change still is one
    wizard.submitted.discard("profile")
    store.save_draft(wizard.state(), reg_id)
    assert "profile.operating_area" in store.history(reg_id)[-1].line()
