"""The requirements model (forms/requirements.py): what a registration owes, in which state,
by when, on whose source; and the schema 9 upgrade that derives a stored portfolio by it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import create_engine, text

import forms
from forms.requirements import (
    Kind,
    State,
    earliest_obligation,
    kept,
    outstanding,
    owed,
    past_due,
    phase,
)
from onboarding.store import open_store
from onboarding.store.tables import SCHEMA_VERSION
from tests.helpers import china, china_account, overseas

TODAY = date(2026, 11, 25)


def reg(data: dict[str, Any]) -> forms.Registration:
    result = forms.validate(data)
    assert result.ok, result.issues
    return result.registration


def of(found: tuple, kind: Kind) -> Any:
    return next(r for r in found if r.kind is kind)


def test_each_requirement_has_a_kind_a_state_a_deadline_and_a_source() -> None:
    found = owed(reg(china()))  # registered 2026-11-20, WeChat Verification as its method
    assert [r.kind for r in found] == [Kind.SUBMIT_VERIFICATION, Kind.VERIFICATION,
                                       Kind.OPERATOR_TERM, Kind.REGISTER]
    assert of(found, Kind.REGISTER).state(TODAY) is State.DONE  # done on 2026-11-20
    submit = of(found, Kind.SUBMIT_VERIFICATION)
    assert (submit.deadline, submit.state(TODAY), submit.state(date(2026, 12, 1))) == (
        date(2026, 11, 30), State.DUE, State.PAST_DUE)
    assert submit.source.agency  # a reprint of WeChat's FAQ: said as advice, warned
    assert not of(found, Kind.VERIFICATION).source.agency  # the guide, after WeChat's own
    assert of(found, Kind.VERIFICATION).when(date(2026, 12, 21)) == "past due since 2026-12-20"
    term = of(found, Kind.OPERATOR_TERM)  # news: its day passing ends it, never past due
    assert term.state(date(2026, 12, 22)) is State.DONE and not term.obligation


def test_past_due_comes_first_and_makes_the_earliest_obligation() -> None:
    found = owed(reg(china()))
    on = date(2026, 12, 5)
    assert [(r.kind, r.state(on)) for r in outstanding(found, on)] == [
        (Kind.SUBMIT_VERIFICATION, State.PAST_DUE), (Kind.VERIFICATION, State.DUE),
        (Kind.OPERATOR_TERM, State.DUE)]
    assert earliest_obligation(found) == date(2026, 11, 30)
    assert [r.kind for r in past_due(found, on)] == [Kind.SUBMIT_VERIFICATION]
    assert {r.kind for r in kept(found)} == {Kind.SUBMIT_VERIFICATION, Kind.VERIFICATION,
                                             Kind.OPERATOR_TERM}  # dated, not done


def test_a_bank_transfer_is_settled_by_its_payment_or_an_approval() -> None:
    data = china()
    data["authentication"] = "bank_transfer"
    data["verification"] = {"registered_on": "2026-11-20"}
    transfer = of(owed(reg(data)), Kind.BANK_TRANSFER)
    assert (transfer.deadline, transfer.state(date(2026, 12, 1))) == (
        date(2026, 11, 30), State.PAST_DUE)
    data["lifecycle"] = {"registered_on": "2026-11-20", "paid_on": "2026-11-22"}
    assert of(owed(reg(data)), Kind.BANK_TRANSFER).done_on == date(2026, 11, 22)
    data["lifecycle"] = {"registered_on": "2026-11-20", "verified_on": "2026-11-24"}
    settled = owed(reg(data))  # verified: requested, approved, the transfer settled too
    assert of(settled, Kind.BANK_TRANSFER).state(date(2027, 1, 1)) is State.DONE
    assert earliest_obligation(settled) == date(2027, 11, 24)  # the renewal


def test_a_submitted_application_settles_the_last_safe_day() -> None:
    data = china()
    data["lifecycle"] = {"registered_on": "2026-11-20", "submitted_on": "2026-11-24"}
    found = owed(reg(data))
    assert of(found, Kind.SUBMIT_VERIFICATION).state(date(2026, 12, 5)) is State.DONE
    assert earliest_obligation(found) == date(2026, 12, 20)


def test_lifecycle_dates_that_contradict_the_answers_are_errors() -> None:
    data = overseas()
    data["lifecycle"] = {"registered_on": "2026-11-18", "paid_on": "2026-11-19"}
    assert [i.path for i in forms.validate(data).errors] == ["lifecycle.paid_on"]
    data["verification"]["requested"] = False
    data["lifecycle"] = {"registered_on": "2026-11-18", "submitted_on": "2026-11-19"}
    assert [i.path for i in forms.validate(data).errors] == ["lifecycle.submitted_on"]
    data["lifecycle"] = {"registered_on": "2026-11-18", "paid_on": "2026-11-10"}
    assert "paid_on (2026-11-10) is before registered_on" in str(forms.validate(data).errors)


def test_the_renewal_opens_three_months_before_the_year_ends_and_can_lapse() -> None:
    data = overseas()
    data["lifecycle"] = {"registered_on": "2026-11-18", "verified_on": "2026-11-24"}
    registration = reg(data)
    found = owed(registration)
    renewal = of(found, Kind.RENEWAL)
    assert (renewal.opens, renewal.deadline, str(renewal.fee)) == (
        date(2027, 8, 24), date(2027, 11, 24), "US$99 per application")
    assert of(found, Kind.RENEWAL_OPENS).deadline == date(2027, 8, 24)
    assert phase(registration, TODAY) == "verified"
    assert phase(registration, date(2027, 11, 25)) == "lapsed"
    assert phase(reg(overseas()), TODAY) == "registered"


def test_a_late_approval_warns_but_a_renewal_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONBOARDING_TODAY", "2027-12-01")
    data = china()
    data["lifecycle"] = {"registered_on": "2026-11-20", "verified_on": "2026-11-25"}
    assert forms.validate(data).warnings == []
    data["lifecycle"]["verified_on"] = "2026-12-22"  # two days after the window closed
    assert [i.path for i in forms.validate(data).warnings] == ["lifecycle.verified_on"]
    data["lifecycle"]["verified_on"] = "2027-11-20"  # a year on: a renewal, not late
    assert forms.validate(data).warnings == []


def test_a_draft_owes_nothing_the_portfolio_lists() -> None:
    data = china()
    del data["verification"]
    found = owed(reg(data))  # not registered: rules, no days
    assert all(r.deadline is None for r in found if r.kind is not Kind.OPERATOR_TERM)
    assert earliest_obligation(found) is None


# -- schema 9: a store of schema 6 derived again -------------------------------------------


def _sharing(n: int, *, short: bool = False) -> dict[str, Any]:
    data = china_account(n, admin=n, operators=("shared_op",))
    if short:
        data["operators"][0]["term"] = "short"  # added 2026-11-21: bound until 2026-12-21
    return data


def test_a_schema_6_store_is_upgraded_to_the_requirements_model(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(store_url)
    bank = china_account(1, admin=1)
    bank["authentication"] = "bank_transfer"
    bank["verification"] = {"requested": True, "registered_on": "2026-11-01"}
    bank["operators"] = []
    first = store.add(bank).id
    store.mark(first, "verified", date(2026, 11, 5))
    for n in range(2, 7):
        store.add(_sharing(n, short=n == 2))
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:  # as schema 6 left it: the old rules' rows, no ends_on
        conn.execute(text("ALTER TABLE person_keys DROP COLUMN ends_on"))
        conn.execute(text("INSERT INTO deadlines (registration_id, kind, obligation, title, "
                          "rule, due) VALUES (:r, 'bank_transfer', :t, 'Pay the verification "
                          "amount from the corporate account', 'within 10 days of "
                          "registering', '2026-11-11')"), {"r": first, "t": True})
        conn.execute(text("UPDATE registrations SET obligation_due = '2026-11-11' WHERE id = :r"),
                     {"r": first})
        conn.execute(text("UPDATE onboarding_meta SET value = '6' WHERE key = 'schema_version'"))
        sealed = conn.execute(text("SELECT state FROM registrations ORDER BY id")).scalars().all()
    engine.dispose()

    store = open_store(store_url)
    assert {r.id: r.status for r in store.rows(TODAY)}[first] == "verified"  # not overdue
    assert "bank_transfer" not in [d.kind for d in store.due(TODAY) if d.registration_id == first]
    assert [e.action for e in store.history()][-1] == f"upgrade to schema {SCHEMA_VERSION}"
    seventh = _sharing(7)
    def errors() -> list[str]:
        return [i.path for i in store.cross_account_issues(seventh) if i.severity == "error"]

    assert errors() == ["operators[0].wechat_id"]  # 5 accounts already
    monkeypatch.setenv("ONBOARDING_TODAY", "2027-01-10")  # #2's short term ended 2026-12-21
    assert errors() == []
    store.close()
    engine = create_engine(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT state FROM registrations ORDER BY id")
                            ).scalars().all() == sealed  # the answers are read, never written
        ends = conn.execute(text("SELECT ends_on FROM person_keys WHERE kind = 'operator' "
                                 "AND ends_on IS NOT NULL")).scalars().all()
    engine.dispose()
    assert [str(d)[:10] for d in ends] == ["2026-12-21"]
