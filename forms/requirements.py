"""What a registration still owes, and by when: one answer, read by every face.

Stripe states what an account owes as requirements currently due, eventually due and past
due, each with its deadline. `owed(reg)` is that answer for a WeChat registration: every
requirement its path and its recorded dates bring, each with its kind, its deadline (None
while the day it counts from is unknown, or when it has none), the source of its rule, and
the day it was done when the answers record it. `Requirement.state(on)` says due, past due
or done on a day: only that depends on today, so a store keeps the requirements not done
with their deadlines and lets the database say which have passed (the portfolio's
"overdue", `onboarding.store.queries`). Status, `deadlines` and its calendar, `list`,
`show`, the portfolio screen, the checklist and `validate` read this; none recomputes it.

A notice (the renewal opening, a short-term operator's term ending) is news, not a debt:
its day passing ends it. Every other requirement is past due once its deadline has passed
and nothing records it done, and a registration with one is overdue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from typing import Literal

from forms import rulebook
from forms.issues import Issue
from forms.personal import is_removed
from forms.registration import Registration
from forms.rulebook import Source
from forms.schedule import (
    Fee,
    add_months,
    add_years,
    days_text,
    verification_fee,
    working_days_before,
)
from forms.words import N_, Message


class Kind(StrEnum):
    """What is owed (the values are what a store keeps)."""

    REGISTER = "register"
    BANK_TRANSFER = "bank_transfer"
    SUBMIT_VERIFICATION = "submit_verification"
    VERIFICATION = "verification"
    RENEWAL_OPENS = "renewal_opens"
    RENEWAL = "reverification"
    OPERATOR_TERM = "operator_expiry"

    @property
    def notice(self) -> bool:
        """News, not a debt: its day passing ends it; it is never past due."""
        return self in (Kind.RENEWAL_OPENS, Kind.OPERATOR_TERM)


class State(StrEnum):
    DUE = "due"
    PAST_DUE = "past_due"
    DONE = "done"


SOON_DAYS = 7  # a deadline this close is "soon": shown in warning colours

Phase = Literal["ready", "registered", "verified", "lapsed"]
"""Where a finished registration is in its life (a draft is still being filled in)."""


# -- The sentences (one each, translated once; a face says them with `.render(_)`) ------

# What each kind is called (English msgids; a store keeps the text a title made, and
# `said_again` reads it back as its Message).
TITLES: dict[Kind, tuple[str, ...]] = {
    Kind.REGISTER: (N_("Register the account on mp.weixin.qq.com"),),
    Kind.BANK_TRANSFER: (N_("Pay the verification amount from the corporate account"),),
    Kind.SUBMIT_VERIFICATION: (
        N_("Submit the WeChat Verification application (last safe day)"),),
    Kind.VERIFICATION: (N_("Complete WeChat Verification (微信认证)"),),
    Kind.RENEWAL_OPENS: (N_("Renewal of WeChat Verification opens (年审)"),),
    Kind.RENEWAL: (N_("Renew WeChat Verification (annual)"),),
    Kind.OPERATOR_TERM: (N_("Short-term operator {number} expires"),
                         N_("Short-term operator {name} ({wechat_id}) expires")),
}
# How each kind's deadline is counted, said where the day is not known yet.
RULES: dict[Kind, str] = {
    Kind.REGISTER: N_("no deadline: the account is created on the platform"),
    Kind.BANK_TRANSFER: N_("within {BANK_TRANSFER_WINDOW} of registering"),
    Kind.SUBMIT_VERIFICATION: N_("{VERIFICATION_REVIEW} before the verification deadline"),
    Kind.VERIFICATION: N_("within {VERIFICATION_WINDOW} of registering"),
    Kind.RENEWAL_OPENS: N_("{RENEWAL_NOTICE} before the verification ends"),
    Kind.RENEWAL: N_("{VERIFICATION_RENEWAL} after the last verification"),
    Kind.OPERATOR_TERM: N_("{SHORT_TERM_OPERATOR} after being added"),
}
LATER = N_("no deadline: any time after registering")  # verification requested later

PAST_DUE_SINCE = N_("past due since {day}")  # 逾期: said wherever a requirement has passed
DUE_ON = N_("{day} ({days})")
DONE_ON = N_("done on {day}")
BY_DAY = N_("by {day}")
ON_DAY = N_("on {day}")
ENDED_ON = N_("ended on {day}")


SOURCES: dict[Kind, Source] = {
    Kind.REGISTER: rulebook.GUIDE,
    Kind.BANK_TRANSFER: rulebook.BANK_TRANSFER_SOURCE,
    Kind.SUBMIT_VERIFICATION: rulebook.SUBMIT_SOURCE,
    Kind.VERIFICATION: rulebook.VERIFICATION_WINDOW_SOURCE,
    Kind.RENEWAL_OPENS: rulebook.RENEWAL_SOURCE,
    Kind.RENEWAL: rulebook.RENEWAL_SOURCE,
    Kind.OPERATOR_TERM: rulebook.OPERATOR_TERM_SOURCE,
}


# -- The model ------------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """One thing the registration owes. `title` and `rule` are English texts made from
    Messages, so a face says them in its reader's language (`forms.words.rendered`)."""

    kind: Kind
    title: str
    deadline: date | None  # None: the day it counts from is not known yet, or no deadline
    rule: str  # how the deadline is counted, for people
    done_on: date | None = None  # the recorded day that satisfied it
    operator: int | None = None  # which operator (its place in the list), for a term
    fee: Fee | None = None  # what meeting it costs, when it costs something
    opens: date | None = None  # the first day it can be met (a renewal)
    dated: bool = True  # it has a deadline, known or counted from a day to come

    @property
    def source(self) -> Source:
        """Where its rule is stated (`agency`: only secondary sources state it)."""
        return SOURCES[self.kind]

    @property
    def personal(self) -> bool:
        """Its title names a person (an operator), so a store keeps it sealed."""
        return self.operator is not None

    @property
    def obligation(self) -> bool:
        """Missing its deadline makes the registration overdue (a notice never does)."""
        return not self.kind.notice

    def days_left(self, on: date) -> int | None:
        return (self.deadline - on).days if self.deadline else None

    def state(self, on: date) -> State:
        if self.done_on is not None:
            return State.DONE
        if self.deadline is None or self.deadline >= on:
            return State.DUE
        return State.DONE if self.kind.notice else State.PAST_DUE

    def when(self, on: date) -> str:
        """Its deadline as every face says it on `on`: 'past due since 2026-11-30',
        '2026-12-20 (in 15 days)', the rule while undated, 'done on ...'."""
        state = self.state(on)
        if state is State.DONE:
            if self.done_on is not None:
                return Message(DONE_ON, day=self.done_on)
            return Message(ENDED_ON, day=self.deadline)
        if self.deadline is None:
            return self.rule
        if state is State.PAST_DUE:
            return Message(PAST_DUE_SINCE, day=self.deadline)
        return Message(DUE_ON, day=self.deadline, days=days_text((self.deadline - on).days))

    def soon(self, on: date) -> bool:
        """Due within `SOON_DAYS` days: shown in warning colours."""
        days = self.days_left(on)
        return days is not None and 0 <= days <= SOON_DAYS

    def by(self, on: date) -> str:
        """Its deadline as a printed page says it: 'by 2026-12-20' ('on' for a notice),
        'past due since ...' once passed, the rule while undated."""
        state = self.state(on)
        if self.deadline is None or state is not State.DUE:
            return self.when(on)
        return Message(ON_DAY if self.kind.notice else BY_DAY, day=self.deadline)


def owed(reg: Registration) -> tuple[Requirement, ...]:
    """Every requirement of the registration, done or not, in deadline order (undated last).

    Verification is requested whenever it is recorded done (`Registration.
    verification_requested`); a bank transfer is settled by its payment or an approved
    verification; the renewal follows the last approval (`mark ID verified` records a new one).
    """
    registered_on, verified_on = reg.registered_on, reg.verified_on
    found: list[Requirement] = [Requirement(
        Kind.REGISTER, _title(Kind.REGISTER), None, Message(RULES[Kind.REGISTER]),
        done_on=registered_on, dated=False)]
    if getattr(reg, "authentication", None) == "bank_transfer":
        found.append(Requirement(
            Kind.BANK_TRANSFER, _title(Kind.BANK_TRANSFER),
            registered_on + timedelta(rulebook.BANK_TRANSFER_WINDOW_DAYS)
            if registered_on else None,
            Message(RULES[Kind.BANK_TRANSFER]), done_on=reg.paid_on or verified_on))
    if reg.verification_requested:
        found += _verification(reg)
    if verified_on is not None:
        ends = add_years(verified_on, rulebook.VERIFICATION_RENEWAL_YEARS)
        opens = add_months(ends, -rulebook.RENEWAL_NOTICE_MONTHS)
        found.append(Requirement(
            Kind.RENEWAL_OPENS, _title(Kind.RENEWAL_OPENS), opens,
            Message(RULES[Kind.RENEWAL_OPENS])))
        found.append(Requirement(
            Kind.RENEWAL, _title(Kind.RENEWAL), ends, Message(RULES[Kind.RENEWAL]),
            fee=verification_fee(reg), opens=opens))
    for i, op in enumerate(reg.operators):
        if op.term == "short":
            title = (Message(TITLES[Kind.OPERATOR_TERM][0], number=i + 1)
                     if is_removed(op.wechat_id) else
                     Message(TITLES[Kind.OPERATOR_TERM][1], name=op.name,
                             wechat_id=op.wechat_id))
            found.append(Requirement(
                Kind.OPERATOR_TERM, title, op.term_ends, Message(RULES[Kind.OPERATOR_TERM]),
                operator=i))
    return tuple(sorted(found, key=lambda r: (r.deadline is None, r.deadline or date.max)))


def _verification(reg: Registration) -> list[Requirement]:
    """Verification requested: within the window when it was the authentication method (with
    the last safe day to submit), else any time; done once approved."""
    registered_on, verified_on = reg.registered_on, reg.verified_on
    fee = verification_fee(reg)
    if not reg.verification_window:
        return [Requirement(Kind.VERIFICATION, _title(Kind.VERIFICATION), None, Message(LATER),
                            done_on=verified_on, fee=fee, dated=False)]
    window_end = (registered_on + timedelta(rulebook.VERIFICATION_WINDOW_DAYS)
                  if registered_on else None)
    last_safe = (working_days_before(window_end, rulebook.VERIFICATION_REVIEW_WORKING_DAYS)
                 if window_end else None)
    return [
        Requirement(Kind.SUBMIT_VERIFICATION, _title(Kind.SUBMIT_VERIFICATION), last_safe,
                    Message(RULES[Kind.SUBMIT_VERIFICATION]),
                    done_on=reg.submitted_on or verified_on),
        Requirement(Kind.VERIFICATION, _title(Kind.VERIFICATION), window_end,
                    Message(RULES[Kind.VERIFICATION]), done_on=verified_on, fee=fee),
    ]


def _title(kind: Kind) -> Message:
    return Message(TITLES[kind][0])


def outstanding(found: Iterable[Requirement], on: date) -> list[Requirement]:
    """What is still to do on `on`, past due first, then by deadline (undated last)."""
    return sorted((r for r in found if r.state(on) is not State.DONE),
                  key=lambda r: (r.state(on) is not State.PAST_DUE, r.deadline is None,
                                 r.deadline or date.max))


def past_due(found: Iterable[Requirement], on: date) -> list[Requirement]:
    return [r for r in found if r.state(on) is State.PAST_DUE]


def earliest_obligation(found: Iterable[Requirement]) -> date | None:
    """The earliest deadline of an obligation not done: once it has passed the registration
    is overdue (what a store keeps, so the database can say it for any day)."""
    return min((r.deadline for r in found
                if r.obligation and r.done_on is None and r.deadline is not None),
               default=None)


def kept(found: Iterable[Requirement]) -> list[Requirement]:
    """The requirements a store keeps: dated and not done (their state on a day is then the
    database's to say)."""
    return [r for r in found if r.deadline is not None and r.done_on is None]


def phase(reg: Registration, on: date) -> Phase:
    """Where the registration is in its life on `on`, for what a checklist says."""
    if reg.verified_on is not None:
        renewal = next((r for r in owed(reg) if r.kind is Kind.RENEWAL), None)
        return "lapsed" if renewal and renewal.state(on) is State.PAST_DUE else "verified"
    return "registered" if reg.registered_on is not None else "ready"


def past_due_issues(reg: Registration, on: date) -> list[Issue]:
    """Requirements past due, as warnings: the answers are right, the calendar moved on."""
    return [Issue("deadlines", Message(N_("{title}: {when}"), title=r.title, when=r.when(on)),
                  "warning") for r in past_due(owed(reg), on)]


# -- Titles a store kept, read back -----------------------------------------------------


@lru_cache(maxsize=4096)  # a portfolio repeats a few titles 100,000 times: read each once
def said_again(kind: str, text: str, *, rule: bool = False) -> str:
    """A stored title (or rule) as the Message it was made from, so a face can say it in
    its reader's language; English it reads as stored. A text no template of its kind
    explains (written by another release) stays as it is."""
    try:
        templates = (RULES[Kind(kind)],) if rule else TITLES[Kind(kind)]
    except (KeyError, ValueError):
        return text
    for template in sorted(templates, key=lambda t: -t.count("{")):  # the closest first
        found = _shape(template).fullmatch(text)
        if found:  # a rulebook figure ({VERIFICATION_WINDOW}) is filled again, in the language
            return Message(template, **{k: v for k, v in found.groupdict().items()
                                        if not k.isupper()})
    return text


@cache
def _shape(template: str) -> re.Pattern[str]:
    """The English a template makes, as a pattern with a group per place."""
    english_text = re.escape(template)
    return re.compile(re.sub(r"\\{(\w+)\\}", r"(?P<\1>.+?)", english_text), re.DOTALL)


def stored(kind: str, title: str, deadline: date, rule: str) -> Requirement:
    """A requirement as a store kept it (dated, not done), for its state and its words."""
    return Requirement(Kind(kind), title, deadline, rule)


__all__ = ["Kind", "Phase", "Requirement", "State", "earliest_obligation", "kept",
           "outstanding", "owed", "past_due", "past_due_issues", "phase", "said_again"]
