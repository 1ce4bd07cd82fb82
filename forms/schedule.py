"""Deadlines and fees that follow from a registration and its lifecycle dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from dateutil.relativedelta import relativedelta

from forms import rulebook
from forms.issues import Issue
from forms.registration import ChinaRegistration, Registration

# A dated obligation this close is "soon": shown in warning colours, listed first.
SOON_DAYS = 7

Urgency = Literal["overdue", "soon", "later", "undated"]


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's end (Jan 31 -> Feb 28)."""
    return day + relativedelta(months=months)


def add_years(day: date, years: int) -> date:
    return day + relativedelta(years=years)


class DeadlineKind(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    VERIFICATION = "verification"
    REVERIFICATION = "reverification"
    OPERATOR_EXPIRY = "operator_expiry"

    @property
    def is_obligation(self) -> bool:
        """Missing it makes the account overdue; an operator's term ending is only news."""
        return self is not DeadlineKind.OPERATOR_EXPIRY


OBLIGATIONS = frozenset(k for k in DeadlineKind if k.is_obligation)


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    title: str
    due: date | None  # None: the start date is not known yet
    rule: str  # how it is computed, for people
    operator: str | None = None  # the WeChat ID, for an operator's expiry

    def days_left(self, today: date) -> int | None:
        return (self.due - today).days if self.due else None

    def urgency(self, today: date) -> Urgency:
        days = self.days_left(today)
        if days is None:
            return "undated"
        return "overdue" if days < 0 else "soon" if days <= SOON_DAYS else "later"

    def still_open(self, today: date) -> bool:
        """Still to act on: not yet due, or a missed obligation (an expired operator is not)."""
        return self.due is not None and (self.due >= today or self.kind.is_obligation)


def days_text(days: int) -> str:
    """How far a due day is, in the one wording every face uses."""
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} late"
    if days == 0:
        return "due today"
    return f"in {days} day{'s' if days != 1 else ''}"


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
            DeadlineKind.BANK_TRANSFER, "Pay the verification amount from the corporate account",
            registered_on + timedelta(days) if registered_on else None,
            f"within {days} days of registering",
        ))
    if china and reg.verification_requested and verified_on is None:
        days = rulebook.VERIFICATION_WINDOW_DAYS
        found.append(Deadline(
            DeadlineKind.VERIFICATION, "Complete WeChat Verification (微信认证)",
            registered_on + timedelta(days) if registered_on else None,
            f"within {days} days of registering",
        ))
    if verified_on is not None:
        found.append(Deadline(
            DeadlineKind.REVERIFICATION, "Renew WeChat Verification (annual)",
            add_years(verified_on, rulebook.VERIFICATION_RENEWAL_YEARS),
            "one year after the last verification",
        ))
    for op in reg.operators:
        if op.term == "short":
            found.append(Deadline(
                DeadlineKind.OPERATOR_EXPIRY,
                f"Short-term operator {op.name} ({op.wechat_id}) expires",
                add_months(op.added_on, rulebook.SHORT_TERM_OPERATOR_MONTHS)
                if op.added_on else None,
                "one month after being added",
                operator=op.wechat_id,
            ))
    return sorted(found, key=lambda d: (d.due is None, d.due or date.max))


def missed(reg: Registration, on: date, registered_on: date | None = None,
           verified_on: date | None = None) -> list[Deadline]:
    """The obligations whose day has passed by `on` (what makes an account overdue)."""
    return [d for d in deadlines(reg, registered_on, verified_on)
            if d.kind.is_obligation and d.urgency(on) == "overdue"]


def missed_issues(reg: Registration, on: date) -> list[Issue]:
    """Missed obligations as warnings: the answers are right, the calendar moved on."""
    return [
        Issue("deadlines", f"{d.title}: due {d.due}, {days_text(d.days_left(on) or 0)}",
              "warning")
        for d in missed(reg, on)
    ]


def fees(reg: Registration) -> list[Fee]:
    if not reg.verification_requested:
        return []
    if isinstance(reg, ChinaRegistration):
        amount, currency = rulebook.CHINA_VERIFICATION_FEE
    else:
        amount, currency = rulebook.OVERSEAS_VERIFICATION_FEE
    return [Fee("WeChat Verification (微信认证)", amount, currency, "per year")]
