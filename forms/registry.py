"""The registration steps, each described once: the registry every face reads.

A step has an id (the flows' state ids), its title in English and as the WeChat backend
says it, the answer keys it asks, the answers it settles for other steps, the help a
consultant gives at it and what the client does in the WeChat backend. The wizard, the
questions, the checklist and the help panel all read this table; the flows are checked
against it when they are loaded, so a step is added here once and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from forms import rulebook

START = "start"
AnswerPath = tuple[str, ...]


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
    settles: Mapping[str, tuple[AnswerPath, ...]] = field(default_factory=dict)
    """Answers of other steps that this step's answers decide, per entity: never asked."""
    presets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Answers filled in once this step is answered for an entity (shown, still editable)."""
    help_for: Mapping[str, str] = field(default_factory=dict)
    """Help that differs for one entity; `help` serves the others."""
    action_for: Mapping[str, str] = field(default_factory=dict)

    def guidance(self, entity: str | None) -> str:
        return self.help_for.get(entity or "", self.help)

    def backend_action(self, entity: str | None) -> str:
        return self.action_for.get(entity or "", self.action)


STEPS: tuple[StepSpec, ...] = (
    StepSpec(
        START, "Client & entity", "客户与主体", ("client", "entity"),
        help=(
            "Which path? It depends on who holds the business license. A company with a "
            "Mainland-China business license - a WFOE counts, it is a Chinese company - takes "
            "the China path: its administrator needs a Chinese resident ID and a "
            f"+{rulebook.CHINA_COUNTRY_CODE} mobile. Any other company takes the overseas "
            "path: the administrator gives a passport number and an international mobile, and "
            "only a Service account can be opened."
        ),
        presets={"china": {"region": "CN"}},
    ),
    StepSpec(
        "account_type", "Account type", "账号类型", ("account_type",),
        help=(
            "Choose Service (服务号) unless the client is a media company; Subscription "
            "(订阅号) suits publishing. The type is very hard or impossible to change after "
            "registering, so settle it with the client now, and ask for advice if unsure."
        ),
        action="On mp.weixin.qq.com click Register now (立即注册) and choose the account "
        "type.",
    ),
    StepSpec(
        "email", "Email", "登录邮箱", ("email",),
        help=(
            "The login of the account, verified by WeChat during registration: the client "
            "must be able to open that inbox. An email serves one Official Account only. The "
            "business, not the administrator, should control this email and its password."
        ),
        action="Enter the login email and a password, then confirm the address with the "
        "message WeChat sends to it.",
    ),
    StepSpec(
        "region", "Region", "注册地区", ("region",),
        help=(
            "The region that issued the business license, not where the client sells. "
            "A Mainland-China entity is always CN; WeChat lists popular regions first."
        ),
        action="Choose the region that issued the business license.",
    ),
    StepSpec(
        "organization", "Organization & admin", "主体与管理员", ("organization", "admin"),
        help=(
            "Type everything exactly as printed on the business license: WeChat compares it. "
            "The administrator (管理员) is the person who confirms sensitive actions by "
            "scanning QR codes - adding operators, resetting the AppSecret. The business owns "
            "the account, not the administrator. One person may administer at most "
            f"{rulebook.MAX_ACCOUNTS_PER_ADMIN} Official Accounts."
        ),
        action="Enter the organization and the administrator exactly as on the license and "
        "the administrator's ID document; the administrator confirms the mobile with the "
        "code WeChat sends to it.",
    ),
    StepSpec(
        "authentication", "Authentication", "主体验证", ("authentication",),
        help=(
            "How WeChat confirms the organization. WeChat Verification (微信认证) costs "
            f"{rulebook.CHINA_VERIFICATION_FEE[0]} RMB a year and must be finished within "
            f"{rulebook.VERIFICATION_WINDOW_DAYS} days of registering; the account is "
            "temporary until then. Bank transfer (支付验证): pay a small random amount from "
            f"the corporate account within {rulebook.BANK_TRANSFER_WINDOW_DAYS} days; it is "
            "refunded. Legal representative (法定代表人验证): the legal representative "
            "confirms in WeChat with a bank card in their own name."
        ),
        action="Choose this authentication method and follow WeChat's instructions for it.",
        settles={"china": (("verification", "requested"),)},
    ),
    StepSpec(
        "profile", "Profile", "账号信息", ("profile",),
        help=(
            "The public face of the account. The name must be unique on WeChat and can only "
            "change later by verifying again; logo and introduction can change "
            f"{rulebook.PROFILE_CHANGES_PER_MONTH} times a month."
        ),
        action="Enter the account name, the introduction and the operating area.",
    ),
    StepSpec(
        "verification", "Verification", "微信认证", ("verification",),
        help=(
            "WeChat Verification gives the verified badge and the advanced interfaces; it is "
            f"renewed every year. China: {rulebook.CHINA_VERIFICATION_FEE[0]} RMB a year, "
            f"within {rulebook.VERIFICATION_WINDOW_DAYS} days of registering. Overseas: "
            f"optional, US${rulebook.OVERSEAS_VERIFICATION_FEE[0]} a year. Record the "
            "registration date when you have it: the deadlines count from it."
        ),
        action="Apply for WeChat Verification (微信认证) in the backend and pay the fee.",
    ),
    StepSpec(
        "operators", "Operators", "运营者", ("operators",),
        help=(
            "People who run the account day to day from their personal WeChat - add yourself "
            "as the owner's operator so you never need the administrator to log in. At most "
            f"{rulebook.MAX_LONG_TERM_OPERATORS} long-term and "
            f"{rulebook.MAX_SHORT_TERM_OPERATORS} short-term operators (a short-term one "
            "expires after one month). Each needs a bank card bound in WeChat and must follow "
            "the account; the administrator approves each one by scanning a QR code. One "
            f"personal WeChat can operate at most {rulebook.MAX_ACCOUNTS_PER_OPERATOR} "
            "accounts."
        ),
        action="Settings > Security Center (设置 > 安全中心), Operator management (运营者管理): "
        "invite each operator; the administrator scans the QR code; the operator accepts in "
        "WeChat.",
    ),
)

STEP: Mapping[str, StepSpec] = MappingProxyType({s.id: s for s in STEPS})
STEP_IDS: tuple[str, ...] = tuple(STEP)


def settled(entity: str | None) -> frozenset[AnswerPath]:
    """Answer paths an entity never asks because another answer decides them."""
    return frozenset(p for s in STEPS for p in s.settles.get(entity or "", ()))


def step_of(key: str) -> str | None:
    """The step that asks an answer key ('operators' -> 'operators'), if any."""
    return next((s.id for s in STEPS if key in s.asks), None)
