"""What the client's checklist says, as data: no markup here, so every format agrees.

Labels come from the forms' field metadata (English and the Chinese term the WeChat
backend shows), dates and fees from `forms.schedule`, so the checklist can never
disagree with the wizard or the validator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from forms import rulebook
from forms.clock import today
from forms.issues import Issue
from forms.masking import SENSITIVE, mask
from forms.regions import region
from forms.registration import ChinaRegistration, Registration
from forms.registry import STEP
from forms.schedule import Deadline, DeadlineKind, Fee, deadlines, fees
from forms.steps import ACCOUNT_TYPE_CHOICES, ENTITY_CHOICES, TERM_CHOICES
from onboarding.flow import load_flow
from onboarding.questions import lookup, shown, step_groups


def _warnings(reg: Registration) -> tuple[str, ...]:
    """The platform's rules that surprise clients after the fact, for every checklist."""
    return (
        "The account type (Subscription or Service) is chosen once: changing it later is very "
        "difficult or impossible.",
        "The organization owns the account, not the administrator: keep the login email and "
        "password with the organization. The administrator can be replaced with their help, "
        "or without it by verifying the account again.",
        "The account name can only be changed by going through WeChat Verification again "
        f"(another {_verification_fee(reg)}).",
        f"The logo and the introduction can each be changed at most "
        f"{rulebook.PROFILE_CHANGES_PER_MONTH} times a month.",
        "The administrator must scan a QR code with WeChat to approve adding operators, "
        "resetting the developer AppSecret and other sensitive actions: agree how to reach "
        "them quickly.",
    )


OPERATOR_NEEDS = (
    "a personal WeChat account with a bank card bound to it",
    "to follow the new Official Account before being invited",
    "the administrator to scan a QR code approving the invitation",
    f"to operate no more than {rulebook.MAX_ACCOUNTS_PER_OPERATOR} Official Accounts in all",
)


def _verification_fee(reg: Registration) -> str:
    """The yearly fee for this path, whether or not verification was chosen."""
    china = isinstance(reg, ChinaRegistration)
    fee = rulebook.CHINA_VERIFICATION_FEE if china else rulebook.OVERSEAS_VERIFICATION_FEE
    return str(Fee("WeChat Verification", *fee, "a year"))


@dataclass(frozen=True)
class Row:
    en: str
    zh: str
    value: str


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    en: str
    zh: str
    action: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Dated:
    title: str
    when: str  # "by 2026-12-20", or the rule while the start date is unknown


@dataclass(frozen=True)
class OperatorPlan:
    name: str
    wechat_id: str
    term: str
    added_on: str
    expires: str


@dataclass(frozen=True)
class Checklist:
    client: str
    generated_on: str
    summary: tuple[Row, ...]
    prepare: tuple[str, ...]
    steps: tuple[Step, ...]
    fees: tuple[str, ...]
    dates: tuple[Dated, ...]
    warnings: tuple[str, ...]
    operators: tuple[OperatorPlan, ...]
    operator_needs: tuple[str, ...]
    masked: bool


def _label(choices: dict[str, tuple[str, str]], key: str) -> str:
    en, zh = choices[key]
    return f"{en} ({zh})"


def _summary(reg: Registration) -> tuple[Row, ...]:
    where = region(reg.region)
    return (
        Row("Client", "客户", reg.client),
        Row("Path", "主体类型", _label(ENTITY_CHOICES, reg.entity)),
        Row("Account type", "账号类型", _label(ACCOUNT_TYPE_CHOICES, reg.account_type)),
        Row("Account name", "公众号名称", reg.profile.name),
        Row("Login email", "登录邮箱", reg.email),
        Row("Region", "注册地区",
            f"{where.name_en} ({where.name_zh}), {reg.region}" if where else reg.region),
        Row("Organization", "主体名称", reg.organization.name),
    )


def _prepare(reg: Registration, reveal: bool) -> tuple[str, ...]:
    admin = reg.admin
    items = []
    if isinstance(reg, ChinaRegistration):
        items.append(f"The business license (营业执照) showing the Unified Social Credit Code "
                     f"{reg.organization.registration_number}.")
        number = admin.id_number if reveal else mask("resident_id", admin.id_number)
        mobile = admin.mobile if reveal else mask("mobile", admin.mobile)
        items.append(f"The administrator, {admin.name}, available during registration with "
                     f"their resident ID card (身份证, {number}), the mobile {mobile} for "
                     "the SMS code, and WeChat on their phone to scan QR codes.")
        items.append({
            "bank_transfer": "Access to the organization's corporate bank account, to pay a "
            f"small verification amount within {rulebook.BANK_TRANSFER_WINDOW_DAYS} days of "
            "registering (it is refunded).",
            "legal_representative": "The legal representative, with a WeChat account that "
            "has a bank card in their own name bound to it.",
            "wechat_verification": f"The {_verification_fee(reg).removesuffix(' a year')} "
            "yearly WeChat Verification fee and the organization's documents, to finish "
            "verification within "
            f"{rulebook.VERIFICATION_WINDOW_DAYS} days of registering.",
        }[reg.authentication])
    else:
        items.append(f"The local business license or registration certificate showing "
                     f"{reg.organization.registration_number}.")
        number = admin.passport_number if reveal else mask("passport", admin.passport_number)
        mobile = admin.mobile if reveal else mask("mobile", admin.mobile)
        items.append(f"The administrator, {admin.name}, available during registration with "
                     f"their passport ({number}) and the mobile {mobile} to receive a "
                     "verification code.")
        fee = _verification_fee(reg)
        items.append(f"{fee} for WeChat Verification, which can start as soon as the account "
                     "exists." if reg.verification_requested else
                     f"Optional, later: WeChat Verification ({fee}), for the verified badge.")
    items.insert(1, f"The login email {reg.email}: not used for any other Official Account "
                 "(each needs its own), with an inbox someone can open during registration.")
    items.append("The account name, introduction and operating area below, agreed in advance.")
    if reg.operators:
        items.append("Each operator listed below with: " + "; ".join(OPERATOR_NEEDS) + ".")
    return tuple(items)


def _when(deadline: Deadline) -> str:
    if deadline.due is None:
        return deadline.rule
    word = "on" if deadline.kind is DeadlineKind.OPERATOR_EXPIRY else "by"
    return f"{word} {deadline.due.isoformat()}"


def _verification_rows(reg: Registration, dated: list[Deadline]) -> list[Row]:
    """What the verification step means for this client: the fee and the date."""
    if not reg.verification_requested:
        return [Row("WeChat Verification", "微信认证", "not now (optional, can be done later)")]
    rows = [Row("Fee", "认证费用", str(fee)) for fee in fees(reg)]
    due = next((d for d in dated if d.kind is DeadlineKind.VERIFICATION), None)
    if due is not None:
        rows.append(Row("Finish", "完成期限", _when(due)))
    else:
        rows.append(Row("When", "时间", "right after registering"))
    return rows


def _steps(reg: Registration, reveal: bool, dated: list[Deadline]) -> tuple[Step, ...]:
    answers = reg.model_dump(mode="json")
    path = load_flow(reg.entity).path(answers)
    steps = []
    for number, step in enumerate(path, 1):
        rows = []
        for group in step_groups(reg.entity, step):
            if group.repeated:
                for i, op in enumerate(reg.operators, 1):
                    rows.append(Row(f"Operator {i}", "运营者",
                                    f"{op.name}, WeChat ID {op.wechat_id}, "
                                    f"{_label(TERM_CHOICES, op.term)}"))
                continue
            for q in group.questions:
                value = lookup(answers, q.path)
                if q.path in SENSITIVE and isinstance(value, str) and not reveal:
                    value = mask(SENSITIVE[q.path], value)
                rows.append(Row(q.meta.en, q.meta.zh, shown(q.meta, value)))
        if step == "verification":
            rows = _verification_rows(reg, dated)
        spec = STEP[step]
        steps.append(Step(number, step, spec.en, spec.zh, spec.backend_action(reg.entity),
                          tuple(rows)))
    return tuple(steps)


def build(
    reg: Registration,
    *,
    registered_on: date | None = None,
    verified_on: date | None = None,
    reveal: bool = False,
    warnings: Sequence[Issue] = (),
) -> Checklist:
    """Everything the client needs on paper, from a valid registration."""
    dated = deadlines(reg, registered_on, verified_on)
    expiry = {d.operator: d for d in dated if d.kind is DeadlineKind.OPERATOR_EXPIRY}
    operators = []
    for op in reg.operators:
        ends = expiry.get(op.wechat_id)
        operators.append(OperatorPlan(
            op.name, op.wechat_id, _label(TERM_CHOICES, op.term),
            op.added_on.isoformat() if op.added_on else "when the administrator approves",
            (ends.due.isoformat() if ends and ends.due else "one month after being added")
            if op.term == "short" else "-",
        ))
    return Checklist(
        client=reg.client,
        generated_on=today().isoformat(),
        summary=_summary(reg),
        prepare=_prepare(reg, reveal),
        steps=_steps(reg, reveal, dated),
        fees=tuple(f"{fee.title}: {fee}" for fee in fees(reg)),
        dates=tuple(Dated(d.title, _when(d)) for d in dated),
        warnings=(*_warnings(reg), *(str(issue) for issue in warnings)),
        operators=tuple(operators),
        operator_needs=OPERATOR_NEEDS,
        masked=not reveal,
    )
