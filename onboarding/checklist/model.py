"""What the client's checklist says, as data: no markup here, so every format agrees.

Labels come from the forms' field metadata (English and the Chinese term the WeChat
backend shows), dates and fees from `forms.schedule`, so the checklist can never
disagree with the wizard or the validator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from forms.advisor import advise
from forms.clock import today
from forms.figures import fill
from forms.issues import Issue
from forms.masking import mask, masked
from forms.regions import region
from forms.registration import ChinaRegistration, Registration
from forms.registry import STEP
from forms.schedule import Deadline, DeadlineKind, deadlines, fees, verification_fee
from forms.steps import ACCOUNT_TYPE_CHOICES, ENTITY_CHOICES, TERM_CHOICES
from onboarding.flow import load_flow
from onboarding.questions import asked_groups, lookup, shown


def _warnings(reg: Registration) -> tuple[str, ...]:
    """The platform's rules that surprise clients after the fact, for this client's path."""
    china = isinstance(reg, ChinaRegistration)
    found = []
    if china:
        found.append("The account type (Subscription or Service) is chosen once: changing it "
                     "later is very difficult or impossible.")
    found.append("The organization owns the account, not the administrator: keep the login "
                 "email and password with the organization. The administrator can be replaced "
                 "with their help" + (", or without it by verifying the account again."
                                      if china else "."))
    found.append("The account name can be changed only through WeChat Verification: one new "
                 "name with each verification, re-verification or annual review, each an "
                 f"application paid like the first ({verification_fee(reg)}).")
    found.append(fill("The logo and the introduction can each be changed at most "
                      "{PROFILE_CHANGES_PER_MONTH} times a month."))
    found.append("The administrator must scan a QR code with WeChat to approve adding operators, "
                 "resetting the developer AppSecret and other sensitive actions: agree how to "
                 "reach them quickly.")
    return tuple(found)


def operator_needs() -> tuple[str, ...]:
    return (
        "a personal WeChat account with a bank card bound to it",
        "account protection (帐号保护) turned on in that WeChat",
        "to follow the new Official Account before being invited",
        "the administrator to scan a QR code approving the invitation",
        fill("to operate no more than {MAX_ACCOUNTS_PER_OPERATOR} Official Accounts in all"),
    )


def _operator_rule() -> str:
    return fill("At most {MAX_LONG_TERM_OPERATORS} long-term and {MAX_SHORT_TERM_OPERATORS} "
                "short-term operators; a short-term operator expires {SHORT_TERM_OPERATOR} "
                "after being added.")


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
    operator_rule: str
    masked: bool


def _label(choices: dict[str, tuple[str, str]], key: str) -> str:
    en, zh = choices[key]
    return fill(f"{en} ({zh})")


def _why(reg: Registration) -> str | None:
    """Why this account type: the advisor's recommendation and reasons, when it was asked."""
    if reg.advice is None:
        return None
    advised = advise(reg.entity, reg.advice)
    reasons = " ".join(advised.reasons)
    if advised.account_type == reg.account_type:
        return f"Recommended by the account-type advisor: {reasons}"
    return (f"Chosen against the advisor's recommendation of a {advised.label}, which gave "
            f"these reasons: {reasons}")


def _summary(reg: Registration) -> tuple[Row, ...]:
    where = region(reg.region)
    rows = [
        Row("Client", "客户", reg.client),
        Row("Path", "主体类型", _label(ENTITY_CHOICES, reg.entity)),
        Row("Account type", "账号类型", _label(ACCOUNT_TYPE_CHOICES, reg.account_type)),
        Row("Account name", "公众号名称", reg.profile.name),
        Row("Login email", "登录邮箱", reg.email),
        Row("Region", "注册地区",
            f"{where.name_en} ({where.name_zh}), {reg.region}" if where else reg.region),
        Row("Organization", "主体名称", reg.organization.name),
    ]
    why = _why(reg)
    if why:
        rows.insert(3, Row("Why this type", "选择理由", why))
    return tuple(rows)


def _fee_text(reg: Registration) -> str:
    """The fee line; WeChat's China help adds that a failed review is not refunded."""
    fee = verification_fee(reg)
    china = isinstance(reg, ChinaRegistration)
    return f"{fee}, not refunded if the review fails" if china and not fee.waived else str(fee)


def _verification_documents(reg: Registration) -> str:
    """What WeChat Verification asks the client to upload, on this client's path."""
    if isinstance(reg, ChinaRegistration):
        return ("the business license (营业执照) and the application letter (申请公函) stamped "
                "with the organization's seal")
    return fill("WeChat's application letter (downloaded when starting verification), the "
                "company registration certificate or business license, the contact person's "
                "ID card or passport, and the contact person's mobile phone bill or bank "
                "statement covering the last {OVERSEAS_STATEMENT}; the forms also ask the "
                "office address and phone number, and the business bank account, held in the "
                "company's exact name")


def _prepare(reg: Registration, reveal: bool) -> tuple[str, ...]:
    admin = reg.admin
    items = []
    own_person = ("The administrator should be the organization's own person (an employee or "
                  "manager), not an outside agency.")
    if isinstance(reg, ChinaRegistration):
        items.append(f"The business license (营业执照) showing the Unified Social Credit Code "
                     f"{reg.organization.registration_number}.")
        number = admin.id_number if reveal else mask("resident_id", admin.id_number)
        mobile = admin.mobile if reveal else mask("mobile", admin.mobile)
        items.append(f"The administrator, {admin.name}, available during registration with "
                     f"their resident ID card (身份证, {number}), the mobile {mobile} for "
                     "the SMS code, and WeChat on their phone to scan QR codes - a WeChat with a "
                     "bank card in the administrator's own name bound to it (the scan confirms "
                     "who they are; nothing is charged). " + own_person)
        items.append({
            "bank_transfer": fill("Access to the organization's corporate bank account, to pay "
                                  "a small verification amount within {BANK_TRANSFER_WINDOW} of "
                                  "registering (it is refunded)."),
            "legal_representative": "The legal representative, with a WeChat account that "
            "has a bank card in their own name bound to it.",
            "wechat_verification": fill("For WeChat Verification, to finish within "
                                        "{VERIFICATION_WINDOW} of registering: ")
            + _verification_documents(reg) + f"; the fee: {_fee_text(reg)}.",
        }[reg.authentication])
        if reg.verification_requested and not reg.verification_window:
            items.append("For WeChat Verification, requested after registering (no deadline): "
                         + _verification_documents(reg) + f"; the fee: {_fee_text(reg)}.")
    else:
        items.append(f"The local business license or registration certificate showing "
                     f"{reg.organization.registration_number}.")
        number = admin.passport_number if reveal else mask("passport", admin.passport_number)
        mobile = admin.mobile if reveal else mask("mobile", admin.mobile)
        items.append(f"The administrator, {admin.name}, available during registration with "
                     f"their passport ({number}) and the mobile {mobile} to receive a "
                     "verification code. " + own_person)
        fee = verification_fee(reg)
        items.append("For WeChat Verification, which can start as soon as the account exists: "
                     + _verification_documents(reg) + f"; the fee: {_fee_text(reg)}."
                     if reg.verification_requested else
                     f"Optional, later: WeChat Verification ({fee}), for the verified badge.")
    items.insert(1, f"The login email {reg.email}: not used for any other Official Account "
                 "(each needs its own), with an inbox someone can open during registration.")
    items.append("The account name, introduction and operating area below, agreed in advance.")
    if reg.operators:
        items.append("Each operator listed below with: " + "; ".join(operator_needs()) + ".")
    return tuple(items)


def _when(deadline: Deadline) -> str:
    if deadline.due is None:
        return deadline.rule
    word = "on" if deadline.kind in (DeadlineKind.OPERATOR_EXPIRY,
                                     DeadlineKind.RENEWAL_OPENS) else "by"
    return f"{word} {deadline.due.isoformat()}"


def _verification_rows(reg: Registration, dated: list[Deadline]) -> list[Row]:
    """What the verification step means for this client: the fee, the dates, the review."""
    if not reg.verification_requested:
        return [Row("WeChat Verification", "微信认证", "not now (optional, can be requested "
                    "later)")]
    rows = [Row("Fee", "认证费用", str(fee)) for fee in fees(reg)]
    kinds = {d.kind: d for d in dated}
    submit, finish = (kinds.get(DeadlineKind.SUBMIT_VERIFICATION),
                      kinds.get(DeadlineKind.VERIFICATION))
    if submit is not None:
        rows.append(Row("Submit", "提交期限", f"{_when(submit)} (last safe day)"))
    if finish is not None:
        rows.append(Row("Finish", "完成期限", _when(finish)))
    elif reg.verification_window:
        rows.append(Row("Finish", "完成期限", "done"))
    elif isinstance(reg, ChinaRegistration):
        rows.append(Row("When", "时间", "any time after registering: no deadline, the account "
                        "is fully registered meanwhile"))
    else:
        rows.append(Row("When", "时间", "right after registering"))
    if reg.verification_window:
        rows.append(Row("Meanwhile", "认证期间", "the account is temporary until verified: "
                        "upload the profile photo and set up the basic settings while you "
                        "wait"))
    if isinstance(reg, ChinaRegistration):
        rows.append(Row("Review", "审核", fill(
            "takes up to {VERIFICATION_REVIEW}; documents can be resubmitted up to "
            "{VERIFICATION_RESUBMISSIONS} times")))
    rows.append(Row("Documents", "认证材料", _verification_documents(reg)))
    return rows


def _steps(reg: Registration, reveal: bool, dated: list[Deadline]) -> tuple[Step, ...]:
    answers = reg.model_dump(mode="json")
    path = load_flow(reg.entity).path(answers)
    steps = []
    for number, step in enumerate(path, 1):
        rows = []
        for group in asked_groups(reg.entity, step, answers):
            if group.repeated:
                for i, op in enumerate(reg.operators, 1):
                    rows.append(Row(f"Operator {i}", "运营者",
                                    f"{op.name}, WeChat ID {op.wechat_id}, "
                                    f"{_label(TERM_CHOICES, op.term)}"))
                continue
            for q in group.questions:
                value = lookup(answers, q.path)
                if not reveal:
                    value = masked(q.path, value)
                rows.append(Row(q.meta.en, q.meta.zh, shown(q.meta, value)))
        spec = STEP[step]
        action = spec.backend_action(reg.entity)
        if step == "verification":
            rows = _verification_rows(reg, dated)
            if not reg.verification_requested:
                action = spec.declined_action()
        steps.append(Step(number, step, spec.en, spec.zh, action, tuple(rows)))
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
    for i, op in enumerate(reg.operators):
        ends = expiry.get(i)
        operators.append(OperatorPlan(
            op.name, op.wechat_id, _label(TERM_CHOICES, op.term),
            op.added_on.isoformat() if op.added_on else "when the administrator approves",
            (ends.due.isoformat() if ends and ends.due else
             fill("{SHORT_TERM_OPERATOR} after being added"))
            if op.term == "short" else "-",
        ))
    return Checklist(
        client=reg.client,
        generated_on=today().isoformat(),
        summary=_summary(reg),
        prepare=_prepare(reg, reveal),
        steps=_steps(reg, reveal, dated),
        fees=tuple(f"{fee.title}: {_fee_text(reg)}" for fee in fees(reg)),
        dates=tuple(Dated(d.title, _when(d)) for d in dated),
        warnings=(*_warnings(reg), *(str(issue) for issue in warnings)),
        operators=tuple(operators),
        operator_needs=operator_needs(),
        operator_rule=_operator_rule(),
        masked=not reveal,
    )
