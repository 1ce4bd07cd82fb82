"""The calendar and the fees: how days are counted (months, China's working days), how far
a day is said, and what verification costs this client. What a registration owes, and by
when, is `forms.requirements`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta

from forms import rulebook
from forms.figures import money
from forms.registration import ChinaRegistration, Registration
from forms.rulebook import Money
from forms.steps import ORG_TYPE_CHOICES
from forms.words import N_, Message, Term, Translate, counted, english


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
        waived = Message(N_("agency guides say WeChat waives it for a {type} organization"),
                         type=Term(en.lower(), zh, paired=False))
    return Fee(N_("WeChat Verification (微信认证)"), _price(entity == "china"),
               N_("per application"), waived)


def fees(reg: Registration) -> list[Fee]:
    """The fees this registration incurs: verification, when requested."""
    return [verification_fee(reg)] if reg.verification_requested else []
