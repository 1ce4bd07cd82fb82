"""Deadlines and fees that follow from a registration and its lifecycle dates."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from forms import rulebook
from forms.registration import ChinaRegistration, Registration


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's end (Jan 31 -> Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class Deadline:
    kind: str  # bank_transfer | verification | reverification | operator_expiry
    title: str
    due: date | None  # None: the start date is not known yet
    rule: str  # how it is computed, for people

    def days_left(self, today: date) -> int | None:
        return (self.due - today).days if self.due else None


@dataclass(frozen=True)
class Fee:
    title: str
    amount: Decimal
    currency: str
    period: str

    def __str__(self) -> str:
        symbol = {"CNY": "RMB", "USD": "US$"}[self.currency]
        money = f"{self.amount} {symbol}" if self.currency == "CNY" else f"{symbol}{self.amount}"
        return f"{money} {self.period}"


def deadlines(
    reg: Registration, registered_on: date | None = None, verified_on: date | None = None
) -> list[Deadline]:
    """Every dated obligation of the account, soonest known first."""
    registered_on = registered_on or reg.registered_on
    verified_on = verified_on or reg.verified_on
    found: list[Deadline] = []
    china = isinstance(reg, ChinaRegistration)
    if china and reg.authentication == "bank_transfer":
        days = rulebook.BANK_TRANSFER_WINDOW_DAYS
        found.append(Deadline(
            "bank_transfer", "Pay the verification amount from the corporate account",
            registered_on + timedelta(days) if registered_on else None,
            f"within {days} days of registering",
        ))
    if china and reg.verification_requested and verified_on is None:
        days = rulebook.VERIFICATION_WINDOW_DAYS
        found.append(Deadline(
            "verification", "Complete WeChat Verification (微信认证)",
            registered_on + timedelta(days) if registered_on else None,
            f"within {days} days of registering",
        ))
    if verified_on is not None:
        found.append(Deadline(
            "reverification", "Renew WeChat Verification (annual)",
            add_years(verified_on, rulebook.VERIFICATION_RENEWAL_YEARS),
            "one year after the last verification",
        ))
    for op in reg.operators:
        if op.term == "short":
            found.append(Deadline(
                "operator_expiry", f"Short-term operator {op.name} ({op.wechat_id}) expires",
                add_months(op.added_on, rulebook.SHORT_TERM_OPERATOR_MONTHS)
                if op.added_on else None,
                "one month after being added",
            ))
    return sorted(found, key=lambda d: (d.due is None, d.due or date.max))


def fees(reg: Registration) -> list[Fee]:
    if not reg.verification_requested:
        return []
    if isinstance(reg, ChinaRegistration):
        amount, currency = rulebook.CHINA_VERIFICATION_FEE
    else:
        amount, currency = rulebook.OVERSEAS_VERIFICATION_FEE
    return [Fee("WeChat Verification (微信认证)", amount, currency, "per year")]
