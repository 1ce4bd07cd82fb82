"""Deadlines and fees that follow from a registration and its lifecycle dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, Literal

from dateutil.relativedelta import relativedelta

from forms import rulebook
from forms.figures import money
from forms.issues import Issue
from forms.personal import is_removed
from forms.registration import ChinaRegistration, Registration
from forms.rulebook import Money
from forms.steps import ORG_TYPE_CHOICES
from forms.words import N_, Message, Term, Translate, counted, english

# A dated obligation this close is "soon": shown in warning colours, listed first.
SOON_DAYS = 7

Urgency = Literal["overdue", "soon", "later", "undated"]


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's end (Jan 31 -> Feb 28)."""
    return day + relativedelta(months=months)


def add_years(day: date, years: int) -> date:
    return day + relativedelta(years=years)


@cache
def _china_calendar() -> Any:
    """China's public holidays and the weekend days worked in their place (the holidays
    library, loading each year on first use)."""
    import holidays

    return holidays.country_holidays("CN")


@lru_cache(maxsize=4096)  # a portfolio's registrations share their days
def working_days_before(day: date, count: int) -> date:
    """The day `count` working days before `day` on China's calendar, as WeChat's reviewers
    count them."""
    return _china_calendar().get_nth_working_day(day, -count)


class DeadlineKind(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    SUBMIT_VERIFICATION = "submit_verification"
    VERIFICATION = "verification"
    RENEWAL_OPENS = "renewal_opens"
    REVERIFICATION = "reverification"
    OPERATOR_EXPIRY = "operator_expiry"

    @property
    def is_obligation(self) -> bool:
        """Missing it makes the account overdue; advice days and an operator's term ending
        are only news."""
        return self not in (DeadlineKind.OPERATOR_EXPIRY, DeadlineKind.SUBMIT_VERIFICATION,
                            DeadlineKind.RENEWAL_OPENS)


OBLIGATIONS = frozenset(k for k in DeadlineKind if k.is_obligation)

# What each kind of deadline is called and how its day is computed (English msgids). A
# store keeps them as the English text they made; `said_again` reads one back as a Message.
TITLES: dict[DeadlineKind, tuple[str, ...]] = {
    DeadlineKind.BANK_TRANSFER: (N_("Pay the verification amount from the corporate account"),),
    DeadlineKind.SUBMIT_VERIFICATION: (
        N_("Submit the WeChat Verification application (last safe day)"),),
    DeadlineKind.VERIFICATION: (N_("Complete WeChat Verification (微信认证)"),),
    DeadlineKind.RENEWAL_OPENS: (N_("Renewal of WeChat Verification opens (年审)"),),
    DeadlineKind.REVERIFICATION: (N_("Renew WeChat Verification (annual)"),),
    DeadlineKind.OPERATOR_EXPIRY: (N_("Short-term operator {number} expires"),
                                   N_("Short-term operator {name} ({wechat_id}) expires")),
}
RULES: dict[DeadlineKind, str] = {
    DeadlineKind.BANK_TRANSFER: N_("within {BANK_TRANSFER_WINDOW} of registering"),
    DeadlineKind.SUBMIT_VERIFICATION: N_("{VERIFICATION_REVIEW} before the verification deadline"),
    DeadlineKind.VERIFICATION: N_("within {VERIFICATION_WINDOW} of registering"),
    DeadlineKind.RENEWAL_OPENS: N_("{RENEWAL_NOTICE} before the verification ends"),
    DeadlineKind.REVERIFICATION: N_("{VERIFICATION_RENEWAL} after the last verification"),
    DeadlineKind.OPERATOR_EXPIRY: N_("{SHORT_TERM_OPERATOR} after being added"),
}


@lru_cache(maxsize=4096)  # a portfolio repeats a few titles 100,000 times: read each once
def said_again(kind: str, text: str, *, rule: bool = False) -> str:
    """A stored title (or rule) as the Message it was made from, so a face can say it in
    its reader's language; English it reads as stored. A text no template of its kind
    explains (written by another release) stays as it is."""
    try:
        templates = (RULES[DeadlineKind(kind)],) if rule else TITLES[DeadlineKind(kind)]
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


@dataclass(frozen=True)
class Deadline:
    """`title` and `rule` are English texts; computed here they are Messages, so a face says
    them in its reader's language (`forms.words.rendered(d.title, _)`)."""

    kind: DeadlineKind
    title: str
    due: date | None  # None: the start date is not known yet
    rule: str  # how it is computed, for people
    operator: int | None = None  # which operator (its place in the list), for an expiry

    @property
    def personal(self) -> bool:
        """Its title names a person (an operator), so a store keeps it encrypted."""
        return self.operator is not None

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


@lru_cache(maxsize=1024)
def days_text(days: int) -> str:
    """How far a due day is, in the one wording every face uses (a Message: English as a
    str, `.render(_)` in another language)."""
    if days < 0:
        return counted("{count} day late", "{count} days late", -days)
    if days == 0:
        return Message(N_("due today"))
    return counted("in {count} day", "in {count} days", days)


@dataclass(frozen=True)
class Fee:
    title: str
    price: Money
    period: str
    waived: str | None = None  # why this client pays nothing, when it does not

    def __str__(self) -> str:
        return self.render()

    def render(self, translate: Translate = english) -> str:
        """'300 RMB per application' in `translate`'s language."""
        price = Message(N_("{price} {period}"), price=money(self.price, translate),
                        period=Message(self.period))
        if not self.waived:
            return price.render(translate)
        return Message(N_("none ({why}; otherwise {price})"), why=self.waived,
                       price=price).render(translate)


def deadlines(
    reg: Registration, registered_on: date | None = None, verified_on: date | None = None
) -> list[Deadline]:
    """Every dated obligation of the account, soonest known first."""
    registered_on = registered_on or reg.registered_on
    verified_on = verified_on or reg.verified_on
    found: list[Deadline] = []
    if isinstance(reg, ChinaRegistration) and reg.authentication == "bank_transfer":
        days = rulebook.BANK_TRANSFER_WINDOW_DAYS
        found.append(Deadline(
            DeadlineKind.BANK_TRANSFER,
            Message(TITLES[DeadlineKind.BANK_TRANSFER][0]),
            registered_on + timedelta(days) if registered_on else None,
            Message(RULES[DeadlineKind.BANK_TRANSFER]),
        ))
    if reg.verification_window and verified_on is None:
        window_end = (registered_on + timedelta(rulebook.VERIFICATION_WINDOW_DAYS)
                      if registered_on else None)
        found.append(Deadline(
            DeadlineKind.SUBMIT_VERIFICATION,
            Message(TITLES[DeadlineKind.SUBMIT_VERIFICATION][0]),
            working_days_before(window_end, rulebook.VERIFICATION_REVIEW_WORKING_DAYS)
            if window_end else None,
            Message(RULES[DeadlineKind.SUBMIT_VERIFICATION]),
        ))
        found.append(Deadline(
            DeadlineKind.VERIFICATION, Message(TITLES[DeadlineKind.VERIFICATION][0]),
            window_end, Message(RULES[DeadlineKind.VERIFICATION]),
        ))
    if verified_on is not None:
        ends = add_years(verified_on, rulebook.VERIFICATION_RENEWAL_YEARS)
        found.append(Deadline(
            DeadlineKind.RENEWAL_OPENS,
            Message(TITLES[DeadlineKind.RENEWAL_OPENS][0]),
            add_months(ends, -rulebook.RENEWAL_NOTICE_MONTHS),
            Message(RULES[DeadlineKind.RENEWAL_OPENS]),
        ))
        found.append(Deadline(
            DeadlineKind.REVERIFICATION, Message(TITLES[DeadlineKind.REVERIFICATION][0]), ends,
            Message(RULES[DeadlineKind.REVERIFICATION]),
        ))
    for i, op in enumerate(reg.operators):
        if op.term == "short":
            title = (Message(TITLES[DeadlineKind.OPERATOR_EXPIRY][0], number=i + 1)
                     if is_removed(op.wechat_id) else
                     Message(TITLES[DeadlineKind.OPERATOR_EXPIRY][1],
                             name=op.name, wechat_id=op.wechat_id))
            found.append(Deadline(
                DeadlineKind.OPERATOR_EXPIRY, title,
                add_months(op.added_on, rulebook.SHORT_TERM_OPERATOR_MONTHS)
                if op.added_on else None,
                Message(RULES[DeadlineKind.OPERATOR_EXPIRY]),
                operator=i,
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
        Issue("deadlines", Message(N_("{title}: due {day}, {when}"), title=d.title, day=d.due,
                                   when=days_text(d.days_left(on) or 0)), "warning")
        for d in missed(reg, on)
    ]


def _price(china: bool) -> Money:
    """What one verification application costs on the path."""
    return rulebook.CHINA_VERIFICATION_FEE if china else rulebook.OVERSEAS_VERIFICATION_FEE


def verification_fee(reg: Registration) -> Fee:
    """The verification fee as this client would pay it (waived for a government body)."""
    org_type = reg.organization.type if isinstance(reg, ChinaRegistration) else None
    return fee_for(reg.entity, org_type)


def fee_for(entity: str, org_type: str | None = None) -> Fee:
    """The verification fee on a path, for an organization type if known: what a draft
    that has not chosen everything yet can already tell its client."""
    waived = None
    if entity == "china" and org_type in rulebook.FEE_WAIVED_ORG_TYPES:
        en, zh = ORG_TYPE_CHOICES[org_type]
        waived = Message(N_("WeChat waives it for a {type} organization"),
                         type=Term(en.lower(), zh, paired=False))
    return Fee(N_("WeChat Verification (微信认证)"), _price(entity == "china"),
               N_("per application"), waived)


def fees(reg: Registration) -> list[Fee]:
    """The fees this registration incurs: verification, when requested."""
    return [verification_fee(reg)] if reg.verification_requested else []
