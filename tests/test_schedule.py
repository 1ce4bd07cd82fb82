"""Deadlines (the requirements model's) and fees follow the rulebook's windows."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

import forms
from forms.requirements import Kind, owed
from forms.schedule import add_months, fees
from tests.helpers import china, overseas


def reg(data: dict) -> forms.Registration:
    result = forms.validate(data)
    assert result.ok, result.issues
    return result.registration


def deadlines(registration: forms.Registration, registered_on: date | None = None,
              verified_on: date | None = None) -> list:
    """What the registration owes and is not done, with the portfolio's dates if given."""
    given = {k: v for k, v in (("registered_on", registered_on), ("verified_on", verified_on))
             if v is not None}
    if given:
        lifecycle = {"registered_on": registration.registered_on, **given}
        data = registration.model_dump(mode="json", exclude_unset=True)
        data["lifecycle"] = {k: str(v) for k, v in lifecycle.items() if v}
        if data.get("verification", {}).get("registered_on") and "registered_on" in given:
            data["verification"]["registered_on"] = str(given["registered_on"])
        registration = reg(data)
    return [r for r in owed(registration) if r.done_on is None and r.dated]


def by_kind(items: list) -> dict:
    return {d.kind: d for d in items if d.kind != "operator_expiry"}


def test_china_verification_due_30_days_after_registering() -> None:
    found = by_kind(deadlines(reg(china())))
    assert found["verification"].deadline == date(2026, 12, 20)
    assert found["verification"].days_left(date(2026, 11, 25)) == 25


def test_verification_deadline_without_date_says_the_rule() -> None:
    data = china()
    del data["verification"]
    found = by_kind(deadlines(reg(data)))
    assert found["verification"].deadline is None
    assert found["verification"].rule == "within 30 days of registering"


def test_store_dates_override_and_verified_ends_the_window() -> None:
    found = by_kind(deadlines(reg(china()), registered_on=date(2026, 1, 31)))
    assert found["verification"].deadline == date(2026, 3, 2)
    found = by_kind(deadlines(reg(china()), verified_on=date(2026, 11, 24)))
    assert "verification" not in found  # done
    assert found["reverification"].deadline == date(2027, 11, 24)


def test_lifecycle_dates_in_the_answers_count() -> None:
    data = china()
    data["authentication"] = "bank_transfer"
    del data["verification"]
    data["operators"] = []
    data["lifecycle"] = {"registered_on": "2026-11-20"}
    assert by_kind(deadlines(reg(data)))["bank_transfer"].deadline == date(2026, 11, 30)
    data["lifecycle"]["verified_on"] = "2026-11-24"
    assert by_kind(deadlines(reg(data)))["reverification"].deadline == date(2027, 11, 24)


def test_bank_transfer_window_is_10_days() -> None:
    data = china()
    data["authentication"] = "bank_transfer"
    del data["verification"]
    found = by_kind(deadlines(reg(data), registered_on=date(2026, 11, 20)))
    assert set(found) == {"bank_transfer"}
    assert found["bank_transfer"].deadline == date(2026, 11, 30)


def test_short_term_operator_expires_after_one_month() -> None:
    expiries = [d for d in deadlines(reg(china())) if d.kind == "operator_expiry"]
    assert [d.deadline for d in expiries] == [date(2026, 12, 21)]


def test_fees() -> None:
    assert [str(f) for f in fees(reg(china()))] == ["300 RMB per application"]
    assert [str(f) for f in fees(reg(overseas()))] == ["US$99 per application"]
    data = overseas()
    data["verification"]["requested"] = False
    assert fees(reg(data)) == []


def test_a_government_organization_pays_no_verification_fee() -> None:
    data = china()
    data["organization"]["type"] = "government"
    (fee,) = fees(reg(data))
    assert fee.waived and str(fee) == (
        "none (agency guides say WeChat waives it for a government organization; otherwise "
        "300 RMB per application)")
    data["organization"]["type"] = "media"
    assert not fees(reg(data))[0].waived


def test_verifying_later_costs_the_fee_without_the_window() -> None:
    data = china()
    data["authentication"] = "legal_representative"
    data["verification"]["requested"] = True
    registration = reg(data)
    assert [str(f) for f in fees(registration)] == ["300 RMB per application"]
    kinds = {d.kind for d in owed(registration)}
    assert "submit_verification" not in kinds
    (later,) = [d for d in owed(registration) if d.kind is Kind.VERIFICATION]
    assert later.deadline is None and not later.dated  # owed, with no deadline


def test_last_safe_day_to_submit_counts_china_working_days() -> None:
    """The review can take 15 working days: submit by then, holidays not counted."""
    found = by_kind(deadlines(reg(china())))  # registered 2026-11-20, window ends 2026-12-20
    assert found["submit_verification"].deadline == date(2026, 11, 30)  # 3 weeks of Mon-Fri
    assert found["submit_verification"].obligation  # once passed, it is past due
    golden_week = by_kind(deadlines(reg(china()), registered_on=date(2026, 9, 20)))
    assert golden_week["verification"].deadline == date(2026, 10, 20)
    # Oct 1-7 and the Mid-Autumn Festival are off, Sat Oct 10 is worked (Mon-Fri: Sep 29)
    assert golden_week["submit_verification"].deadline == date(2026, 9, 22)
    data = china()
    del data["verification"]
    assert by_kind(deadlines(reg(data)))["submit_verification"].rule == (
        "15 working days before the verification deadline")


def test_renewal_opens_3_months_before_verification_ends() -> None:
    found = by_kind(deadlines(reg(overseas()), verified_on=date(2026, 11, 24)))
    assert found["renewal_opens"].deadline == date(2027, 8, 24)
    assert found["reverification"].deadline == date(2027, 11, 24)
    assert not found["renewal_opens"].obligation and found["reverification"].obligation


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 36))
def test_add_months_property(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day
