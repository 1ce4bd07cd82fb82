"""The parts of a registration, one model per group of questions.

China and overseas entities answer different questions for the same step (a credit
code vs a local registration number, a resident ID vs a passport), so those parts come
in two variants; the registration variants in `forms.registration` pick the right one.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from dateutil.relativedelta import relativedelta
from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from forms import rulebook
from forms import sentences as fact
from forms.clock import today
from forms.fields import (
    AccountName,
    ChinaMobile,
    CreditCode,
    Introduction,
    Mobile,
    PassportNumber,
    PastDate,
    ResidentId,
    Text,
    WeChatId,
    fail,
)
from forms.meta import meta
from forms.personal import Removable, is_removed
from forms.words import N_, Sentences

Entity = Literal["china", "overseas"]
AccountType = Literal["subscription", "service"]
OrgType = Literal["government", "media", "enterprise", "other"]
AuthMethod = Literal["bank_transfer", "legal_representative", "wechat_verification"]
Term = Literal["long", "short"]

ENTITY_CHOICES = {
    "china": ("Mainland-China entity", "中国大陆主体"),
    "overseas": ("Non-China (overseas) entity", "海外主体"),
}
ACCOUNT_TYPE_CHOICES = {
    "service": ("Service account", "服务号"),
    "subscription": ("Subscription account", "订阅号"),
}
ORG_TYPE_CHOICES = {
    "enterprise": ("Enterprise", "企业"),
    "media": ("Media", "媒体"),
    "government": ("Government", "政府"),
    "other": ("Other organization", "其他组织"),
}
AUTH_CHOICES = {
    "wechat_verification": ("WeChat Verification", "微信认证"),
    "bank_transfer": ("Bank transfer", "支付验证"),
    "legal_representative": ("Legal representative", "法定代表人验证"),
}
TERM_CHOICES = {
    "long": ("Long-term", "长期运营者"),
    "short": ("Short-term for {SHORT_TERM_OPERATOR}", "短期运营者"),
}


class Part(BaseModel):
    """Every part rejects unknown keys: a typo in an answers file must not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChinaOrganization(Part):
    type: OrgType = meta(
        "Organization type",
        "主体类型",
        "As on the business license: government, media, enterprise or other organization.",
        widget="select",
        choices=ORG_TYPE_CHOICES,
    )
    name: Text = meta(
        "Organization name", "主体名称", "Exactly as printed on the business license."
    )
    registration_number: CreditCode = meta(
        "Unified Social Credit Code",
        "统一社会信用代码",
        "The 18-character code on the business license; its last character is a check.",
        example="91350100M000100Y43",
    )


class OverseasOrganization(Part):
    name: Text = meta(
        "Organization name",
        "主体名称",
        "The company name exactly as on the local business license.",
    )
    registration_number: Text = meta(
        "Business registration number",
        "注册号",
        "Exactly as on the local business license.",
    )


_ADMIN_NAME_HELP = Sentences(fact.ADMIN_CONFIRMS, fact.ADMIN_OWN_PERSON, fact.ORGANIZATION_OWNS)
_REQUEST_HELP = Sentences(
    N_("Yes: apply after registering (the fee applies); it gives the badge and the advanced "
       "interfaces."), fact.RENEWAL)
_CHINA_MOBILE_HELP = Sentences(
    N_("A +{CHINA_COUNTRY_CODE} mobile number (the +{CHINA_COUNTRY_CODE} may be left out): "
       "WeChat sends an SMS code to it."), fact.MOBILE_LIMIT)
_MOBILE_HELP = Sentences(
    N_("Any country's mobile number, verified by SMS; one without + and a country code is "
       "read as one of the registration's region."), fact.MOBILE_LIMIT)
_NAME_HELP = Sentences(
    N_("Unique on WeChat. Chinese characters, letters and digits only; "
       "{ACCOUNT_NAME_MIN}-{ACCOUNT_NAME_MAX} characters, a Chinese character counting as "
       "{ACCOUNT_NAME_CJK_WEIGHT}."), fact.RENAMING)
_INTRODUCTION_HELP = Sentences(
    N_("{INTRODUCTION_MIN}-{INTRODUCTION_MAX} characters telling followers what the account "
       "offers."), fact.PROFILE_CHANGES)


def _mainland_mobile(value: str) -> str:
    if not value.startswith(f"+{rulebook.CHINA_COUNTRY_CODE}"):
        raise fail("mobile_cn", "a Mainland-China administrator needs a +{cc} mobile number",
                   cc=rulebook.CHINA_COUNTRY_CODE)
    return value


class ChinaAdmin(Part):
    name: Annotated[Text, Removable] = meta("Administrator's name", "管理员姓名", _ADMIN_NAME_HELP)
    id_number: Annotated[ResidentId, Removable] = meta(
        "Administrator's resident ID",
        "管理员身份证号码",
        "The 18-digit Chinese national ID (身份证) of a Chinese citizen.",
        example="11010519491231002X",
    )
    mobile: Annotated[ChinaMobile, AfterValidator(_mainland_mobile), Removable] = meta(
        "Administrator's mobile",
        "管理员手机号码",
        _CHINA_MOBILE_HELP,
        widget="phone",
        example="+86 138 0013 8000",
    )


class OverseasAdmin(Part):
    name: Annotated[Text, Removable] = meta("Administrator's full name", "管理员姓名",
                                            _ADMIN_NAME_HELP)
    passport_number: Annotated[PassportNumber, Removable] = meta(
        "Administrator's passport number",
        "管理员护照号码",
        "{PASSPORT_MIN} to {PASSPORT_MAX} letters and digits.",
    )
    mobile: Annotated[Mobile, Removable] = meta(
        "Administrator's mobile",
        "管理员手机号码",
        _MOBILE_HELP,
        widget="phone",
        example="+44 7400 123456",
    )


def _max_len(value: str) -> str:
    if len(value) > rulebook.OPERATING_AREA_MAX:
        raise fail("too_long", "at most {n} characters", n=rulebook.OPERATING_AREA_MAX)
    return value


class Profile(Part):
    name: AccountName = meta(
        "Account name",
        "公众号名称",
        _NAME_HELP,
        counter=rulebook.ACCOUNT_NAME_MAX,
        weighted=True,
    )
    introduction: Introduction = meta(
        "Introduction",
        "功能介绍",
        _INTRODUCTION_HELP,
        widget="textarea",
        counter=rulebook.INTRODUCTION_MAX,
    )
    operating_area: Annotated[Text, AfterValidator(_max_len)] = meta(
        "Operating area", "运营地区", "Where the account mainly operates, e.g. Shanghai."
    )


class Verification(Part):
    requested: bool = meta(
        "Request WeChat Verification",
        "申请微信认证",
        _REQUEST_HELP,
        widget="switch",
        default=False,
    )
    registered_on: PastDate | None = meta(
        "Registered on",
        "注册日期",
        "The day the account was created, when known: deadlines count from it.",
        widget="date",
        default=None,
    )


class Lifecycle(Part):
    """What happened after the wizard: the dates a consultant marks, kept with the answers
    so that an exported file carries them back in."""

    registered_on: PastDate | None = meta(
        "Registered on", "注册日期", "The day the account was created.", widget="date",
        default=None,
    )
    verified_on: PastDate | None = meta(
        "Verified on", "认证日期",
        "The day WeChat Verification was last approved (a renewal is a new approval).",
        widget="date", default=None,
    )
    paid_on: PastDate | None = meta(
        "Paid on", "打款日期",
        "The day the bank-transfer verification amount was paid (bank-transfer "
        "authentication only).", widget="date", default=None,
    )
    submitted_on: PastDate | None = meta(
        "Submitted on", "认证提交日期",
        "The day the WeChat Verification application was submitted.", widget="date",
        default=None,
    )

    @model_validator(mode="after")
    def _in_order(self) -> Lifecycle:
        if self.verified_on and not self.registered_on:
            raise fail("lifecycle_order", "a verified account needs its registered_on date")
        if self.verified_on and self.registered_on and self.verified_on < self.registered_on:
            raise fail("lifecycle_order", "verified_on ({v}) is before registered_on ({r})",
                       v=str(self.verified_on), r=str(self.registered_on))
        for name, day in (("paid_on", self.paid_on), ("submitted_on", self.submitted_on)):
            if day and not self.registered_on:
                raise fail("lifecycle_order", "{name} needs the account's registered_on date",
                           name=name)
            if day and self.registered_on and day < self.registered_on:
                raise fail("lifecycle_order", "{name} ({day}) is before registered_on ({r})",
                           name=name, day=str(day), r=str(self.registered_on))
        return self


def short_term_ends(added_on: date) -> date:
    """The last day a short-term operator added on `added_on` is bound."""
    return added_on + relativedelta(months=rulebook.SHORT_TERM_OPERATOR_MONTHS)


class Operator(Part):
    name: Annotated[Text, Removable] = meta("Operator's name", "运营者姓名")
    wechat_id: Annotated[WeChatId, Removable] = meta(
        "Operator's WeChat ID",
        "运营者微信号",
        fact.OPERATOR_NEEDS_SAID,
    )
    term: Term = meta(
        "Term",
        "运营者类型",
        "Long-term, or short-term for {SHORT_TERM_OPERATOR}.",
        widget="radio",
        choices=TERM_CHOICES,
    )
    added_on: PastDate | None = meta(
        "Added on",
        "绑定日期",
        "When the admin approved the operator.",
        widget="date",
        default=None,
    )

    @property
    def term_ends(self) -> date | None:
        """The last day a short-term operator is bound (a month after being added, by the
        rulebook); None for a long-term one or one not added yet."""
        if self.term != "short" or self.added_on is None:
            return None
        return short_term_ends(self.added_on)

    def current_on(self, day: date) -> bool:
        """Bound on `day`: the limits count it (an operator whose term ended does not)."""
        ends = self.term_ends
        return ends is None or ends >= day


OPERATOR_LIMITS = {"long": rulebook.MAX_LONG_TERM_OPERATORS,
                   "short": rulebook.MAX_SHORT_TERM_OPERATORS}
_TOO_MANY = {"long": N_("at most {n} long-term operators (this plan has {count})"),
             "short": N_("at most {n} short-term operators (this plan has {count})")}


def _operator_limits(operators: list[Operator]) -> list[Operator]:
    """The places count the operators bound today: one whose short term has ended frees its
    place, and its WeChat may be bound again (listed again with its new date)."""
    on = today()
    current = [op for op in operators if op.current_on(on)]
    for term, limit in OPERATOR_LIMITS.items():
        count = sum(op.term == term for op in current)
        if count > limit:
            raise fail(f"operators_{term}", _TOO_MANY[term], n=limit, count=count)
    seen: set[str] = set()
    for op in current:
        if is_removed(op.wechat_id):
            continue  # removed by a purge: its keyed hash is kept in the store
        key = op.wechat_id.lower()
        if key in seen:
            raise fail("operators_duplicate", "WeChat ID {id} is listed twice", id=op.wechat_id)
        seen.add(key)
    return operators


Operators = Annotated[list[Operator], AfterValidator(_operator_limits)]
