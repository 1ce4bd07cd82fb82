"""The registration steps, each described once: the registry every face reads.

A step has an id (a state id of the registration statechart, flows/registration.yaml), its
title in English and as the WeChat backend says it, the answer keys it asks, the help a
consultant gives at it and what the client does in the WeChat backend (texts name rulebook
figures as `{NAME}`, filled when read). Which steps a client takes, and which answers other
answers settle, the statechart says. The wizard, the questions, the checklist and the help
panel all read this table; the statechart is checked against it when it is loaded, so a
step is added here once and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from forms import sentences as fact
from forms.figures import fill
from forms.words import N_, Message, Renders, Sentences, Translate, english

START = "start"
AnswerPath = tuple[str, ...]


def answer_at(answers: Mapping[str, Any], path: AnswerPath) -> Any:
    """The answer at `path` ('admin', 'name'), None where any part of the way is missing."""
    value: Any = answers
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


@dataclass(frozen=True)
class StepSpec:
    id: str
    en: str
    zh: str
    asks: tuple[str, ...]
    """Answer keys the step asks, in the order its form shows them."""
    help: str
    """What the consultant tells the client at this step (the wizard's help panel)."""
    action: str = ""
    """What to do in the WeChat backend at this step (the checklist)."""
    presets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Answers filled in once this step is answered for an entity (shown, still editable)."""
    help_for: Mapping[str, str] = field(default_factory=dict)
    """Help that differs for one entity; `help` serves the others."""
    action_for: Mapping[str, str] = field(default_factory=dict)
    declined: str = ""
    """What the checklist says at an optional step the client chose not to take now."""

    def guidance(self, entity: str | None, translate: Translate = english) -> str:
        """The help in `translate`'s language (the face's `_`), figures filled."""
        return _said(self.help_for.get(entity or "", self.help), translate)

    def backend_action(self, entity: str | None, translate: Translate = english) -> str:
        return _said(self.action_for.get(entity or "", self.action), translate)

    def declined_action(self, translate: Translate = english) -> str:
        return _said(self.declined, translate)


def _said(text: str, translate: Translate) -> str:
    """A marked text translated first, then filled with the figures in that language; a
    text composed of the named sentences (`forms.sentences`) says each of them."""
    if isinstance(text, Renders):
        return text.render(translate)
    return fill(translate(text), translate) if text else ""


_AS_PRINTED = N_("Type everything exactly as printed on the business license: WeChat compares "
                 "it.")

STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        START, "Client & entity", "客户与主体", ("client", "entity"),
        help=N_(
            "Which path? It depends on who holds the business license. A company with a "
            "Mainland-China business license - a WFOE counts, it is a Chinese company - takes "
            "the China path: its administrator needs a Chinese resident ID and a "
            "+{CHINA_COUNTRY_CODE} mobile. Any other company takes the overseas path: the "
            "administrator gives a passport number and an international mobile."
        ),
        presets={"china": {"region": "CN"}},
    ),
    StepSpec(
        "account_type", "Account type", "账号类型", ("account_type",),
        help=Sentences(
            N_("Choose Service (服务号) unless the client is a media company; Subscription "
               "(订阅号) suits publishing: it sends {SUBSCRIPTION_BROADCASTS_PER_DAY} group "
               "message a day, a Service account {SERVICE_BROADCASTS_PER_MONTH} a month."),
            fact.TYPE_IS_FINAL,
            N_("Settle it with the client now: ask the advisor (onboarding advise) if unsure."),
        ),
        help_for={"overseas": Sentences(
            fact.OVERSEAS_SERVICE_ONLY,
            N_("There is nothing to choose here; it sends up to "
               "{SERVICE_BROADCASTS_PER_MONTH} group messages a month."),
        )},
        action=N_("On mp.weixin.qq.com click Register now (立即注册) and choose the account "
                  "type."),
        action_for={"overseas": N_("On mp.weixin.qq.com click Register now (立即注册) and "
                                   "choose Service account (服务号), the one type open to an "
                                   "overseas entity.")},
    ),
    StepSpec(
        "email", "Email", "登录邮箱", ("email",),
        help=Sentences(
            N_("The login of the account, verified by WeChat during registration: the client "
               "must be able to open that inbox."),
            fact.ONE_EMAIL,
            N_("The business, not the administrator, should control this email and its "
               "password."),
        ),
        action=N_("Enter the login email and a password, then confirm the address with the "
                  "message WeChat sends to it."),
    ),
    StepSpec(
        "region", "Region", "注册地区", ("region",),
        help=N_(
            "The region that issued the business license, not where the client sells. "
            "A Mainland-China entity is always CN; WeChat lists popular regions first."
        ),
        action=N_("Choose the region that issued the business license."),
    ),
    StepSpec(
        "organization", "Organization & admin", "主体与管理员", ("organization", "admin"),
        help=Sentences(
            _AS_PRINTED, fact.ADMIN_CONFIRMS, fact.ADMIN_OWN_PERSON, fact.ORGANIZATION_OWNS,
            fact.ADMIN_LIMIT, fact.MOBILE_LIMIT,
        ),
        help_for={"china": Sentences(
            _AS_PRINTED, fact.ADMIN_CONFIRMS, fact.ADMIN_OWN_PERSON, fact.ORGANIZATION_OWNS,
            N_("They scan a QR code now to bind their WeChat as the administrator's."),
            fact.ADMIN_BANK_CARD, fact.ADMIN_LIMIT, fact.MOBILE_LIMIT,
            N_("One organization may register at most {MAX_ACCOUNTS_PER_ORGANIZATION} "
               "(government and media {MAX_ACCOUNTS_PER_GOVERNMENT_OR_MEDIA})."),
        )},
        action=N_("Enter the organization and the administrator exactly as on the license "
                  "and the administrator's ID document; the administrator confirms the mobile "
                  "with the code WeChat sends to it."),
        action_for={"china": Sentences(
            N_("Choose the organization type, then enter the organization and the "
               "administrator exactly as on the license and the resident ID; the "
               "administrator confirms the mobile with the SMS code, then scans the QR code "
               "with their WeChat to bind it as the administrator."),
            fact.ADMIN_BANK_CARD,
        )},
    ),
    StepSpec(
        "authentication", "Authentication", "主体验证", ("authentication",),
        help=Sentences(
            N_("How WeChat confirms the organization: if the client already intends to "
               "verify, choose WeChat Verification ({CHINA_VERIFICATION_FEE} per "
               "application)."),
            fact.AUTH_BY_VERIFICATION, fact.AUTH_BY_BANK_TRANSFER,
            fact.AUTH_BY_LEGAL_REPRESENTATIVE, fact.VERIFY_LATER,
        ),
        action=N_("Choose this authentication method and follow WeChat's instructions for it."),
    ),
    StepSpec(
        "profile", "Profile", "公众号信息", ("profile",),
        help=Sentences(
            N_("The public face of the account. The name must be unique on WeChat."),
            fact.RENAMING, fact.PROFILE_CHANGES,
        ),
        action=N_("Enter the account name, the introduction and the operating area."),
    ),
    StepSpec(
        "verification", "Verification", "微信认证", ("verification",),
        help=Sentences(
            N_("WeChat Verification gives the verified badge, WeChat Pay and the advanced "
               "interfaces. Each application costs {CHINA_VERIFICATION_FEE}, not refunded if "
               "the review fails; up to {VERIFICATION_RESUBMISSIONS} resubmissions are "
               "allowed, and the review can take {VERIFICATION_REVIEW}."),
            fact.AUTH_BY_VERIFICATION, fact.VERIFY_LATER, fact.RENEWAL,
            N_("Record the registration date when you have it: the deadlines count from it."),
        ),
        help_for={"overseas": Sentences(
            fact.OVERSEAS_VERIFICATION, fact.RENEWAL,
            Message(N_("WeChat asks for {documents}."),
                    documents=Message(fact.OVERSEAS_DOCUMENTS)),
        )},
        action=N_("In the backend, Settings > WeChat Verification (设置 > 微信认证): upload "
                  "the documents and pay the fee."),
        declined=N_("Nothing to do now: WeChat Verification is optional and can be applied "
                    "for any time later in Settings > WeChat Verification (设置 > 微信认证)."),
    ),
    StepSpec(
        "operators", "Operators", "运营者", ("operators",),
        help=Sentences(
            N_("People who run the account day to day from their personal WeChat: add "
               "yourself as the owner's operator so you never need the administrator to log "
               "in."),
            fact.OPERATOR_LIMITS, fact.OPERATOR_NEEDS_SAID,
        ),
        action=N_("Settings > Security Center (设置 > 安全中心), Operator management "
                  "(运营者管理): invite each operator; the administrator scans the QR code; "
                  "the operator accepts in WeChat."),
    ),
)

STEP: Mapping[str, StepSpec] = MappingProxyType({s.id: s for s in STEPS})
STEP_IDS: tuple[str, ...] = tuple(STEP)


def step_of(key: str) -> str | None:
    """The step that asks an answer key ('operators' -> 'operators'), if any."""
    return next((s.id for s in STEPS if key in s.asks), None)
