"""The account-type advisor: a few questions, a recommendation and the reasons for it.

The article says to "seek advice" when unsure, that the type is "very difficult or even
impossible to change", and that "unless you're a media company, we generally recommend
Service accounts". The advisor asks what decides it - the entity, a media or publishing
business, how often the client will broadcast, payments or advanced interfaces - and
answers with one type and the reasons, in words every face shows as they are. The answers
are recorded under `advice` in the answers file; the recommendation follows from them, so it
is never stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from forms import sentences as fact
from forms.meta import FieldMeta, field_meta, meta
from forms.steps import ACCOUNT_TYPE_CHOICES, AccountType, Entity, Part
from forms.words import N_, Message, Term

Broadcasts = Literal["often", "rarely"]

BROADCAST_CHOICES = {
    "often": ("More than {SERVICE_BROADCASTS_PER_MONTH} a month",
              "每月超过{SERVICE_BROADCASTS_PER_MONTH}次"),
    "rarely": ("{SERVICE_BROADCASTS_PER_MONTH} a month or fewer",
               "每月{SERVICE_BROADCASTS_PER_MONTH}次以内"),
}


class Advice(Part):
    """What the client told the advisor (the entity comes from the registration)."""

    media: bool = meta(
        "Media or publishing business", "媒体/出版",
        N_("Is publishing news or articles the client's business?"), widget="switch",
    )
    broadcasts: Broadcasts = meta(
        "Group messages to followers", "群发频率",
        N_("How often the client will send group messages (群发) to all followers."),
        widget="radio", choices=BROADCAST_CHOICES,
    )
    advanced: bool = meta(
        "Payments or advanced interfaces", "微信支付/高级接口",
        N_("Will the account take WeChat Pay or use the advanced interfaces (web login, "
           "template messages...)?"), widget="switch",
    )


@dataclass(frozen=True)
class Recommendation:
    """The type and the reasons: Messages (English as they are, `.render(_)` in another
    language); the label a Term (a Chinese face says 服务号)."""

    account_type: AccountType
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return Term(*ACCOUNT_TYPE_CHOICES[self.account_type])


_HARD_TO_CHANGE = fact.TYPE_IS_FINAL
_SERVICE_LIMIT = N_("A Service account sends at most {SERVICE_BROADCASTS_PER_MONTH} group "
                    "messages a month; a Subscription account "
                    "{SUBSCRIPTION_BROADCASTS_PER_DAY} a day.")
_PLAN_AROUND = N_("A Service account sends at most {SERVICE_BROADCASTS_PER_MONTH} group "
                  "messages a month; a Subscription account {SUBSCRIPTION_BROADCASTS_PER_DAY} "
                  "a day. Plan the broadcasts around that limit.")


def has_choice(entity: str | None) -> bool:
    """Whether the advisor has something to ask: only a Mainland-China entity chooses its
    account type (an overseas one registers a Service account). Every face offers the
    advisor by this rule."""
    return entity == "china"


def advise(entity: Entity, advice: Advice) -> Recommendation:
    """The account type for this client, with the reasons in the order they weigh."""
    if not has_choice(entity):
        return Recommendation("service", (
            Message(fact.OVERSEAS_SERVICE_ONLY), Message(N_("There is no choice to make.")),
        ))
    if advice.advanced:
        reasons = [fact.PAY_AND_INTERFACES]
        if advice.media or advice.broadcasts == "often":
            reasons.append(_PLAN_AROUND)
        return Recommendation("service", _filled(*reasons, _HARD_TO_CHANGE))
    if advice.media or advice.broadcasts == "often":
        reasons = []
        if advice.media:
            reasons.append(N_("A media or publishing business is the case the guide makes for "
                              "a Subscription account."))
        if advice.broadcasts == "often":
            reasons.append(_SERVICE_LIMIT)
        reasons.append(N_("Its messages go to the followers' Subscriptions folder, and it takes "
                          "WeChat Pay only when verified as a government or media "
                          "organization's: fine when neither matters."))
        return Recommendation("subscription", _filled(*reasons, _HARD_TO_CHANGE))
    return Recommendation("service", _filled(
        N_("Not a media business: the guide recommends a Service account for everyone else."),
        N_("Service messages appear in the followers' chat list, and WeChat Pay and the "
           "advanced interfaces stay open for later (after verification)."),
        _SERVICE_LIMIT,
        _HARD_TO_CHANGE,
    ))


def _filled(*templates: str) -> tuple[str, ...]:
    return tuple(Message(t) for t in templates)


def questions() -> tuple[FieldMeta, ...]:
    """What the advisor asks after the entity, in order, as every face shows it."""
    return tuple(field_meta(name, info) for name, info in Advice.model_fields.items())
