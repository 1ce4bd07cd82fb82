"""The whole registration: the two variants, answers-file validation, per-step checks.

A registration is a China or an overseas variant, told apart by `entity`. The variant's
field types carry most cross-step rules (an overseas entity may only pick a Service
account, a China entity's region is CN, a China administrator's mobile is +86); the few
rules that span fields live in `cross_step_issues`.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Annotated, Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import AfterValidator, Discriminator, TypeAdapter, ValidationError

from forms import rulebook
from forms import sentences as fact
from forms.advisor import Advice, advise
from forms.business_numbers import business_number_issue
from forms.fields import ChinaRegion, Email, OverseasRegion, Text, fail
from forms.figures import fill
from forms.issues import REQUIRED, Issue, issues_from
from forms.meta import meta
from forms.personal import Removable
from forms.registry import STEP
from forms.steps import (
    ACCOUNT_TYPE_CHOICES,
    AUTH_CHOICES,
    ENTITY_CHOICES,
    ORG_TYPE_CHOICES,
    AccountType,
    AuthMethod,
    ChinaAdmin,
    ChinaOrganization,
    Entity,
    Lifecycle,
    Operators,
    OverseasAdmin,
    OverseasOrganization,
    Part,
    Profile,
    Verification,
)
from forms.words import N_, Message, Sentences, Term


def _service_only(value: str) -> str:
    if value != "service":
        raise fail(
            "account_type_overseas",
            "an overseas entity can only register a Service account (服务号)",
        )
    return value


_ACCOUNT_TYPE_HELP = Sentences(N_("Service (服务号) unless the client is a media company."),
                               fact.TYPE_IS_FINAL)
_REGION_HELP = N_("The region that issued the business license (ISO code, e.g. CN, HK, US).")
_AUTH_HELP = Sentences(fact.AUTH_BY_VERIFICATION, fact.AUTH_BY_BANK_TRANSFER,
                      fact.AUTH_BY_LEGAL_REPRESENTATIVE)
_EMAIL_HELP = Sentences(N_("Becomes the login, verified by WeChat."), fact.ONE_EMAIL)
_CLIENT_HELP = N_("Your label for this client, e.g. the company's short name.")
_VERIFICATION_HELP_OVERSEAS = Sentences(fact.OVERSEAS_VERIFICATION, fact.RENEWAL)
_VERIFICATION_HELP_CHINA = Sentences(fact.AUTH_BY_VERIFICATION, fact.VERIFY_LATER)
_ADVICE_HELP = N_(
    "What the client told the account-type advisor (onboarding advise): the checklist says "
    "why this type was chosen."
)


VERIFYING_METHOD = "wechat_verification"


def verification_requested(answers: Mapping[str, Any]) -> bool | None:
    """Whether the registration asks for WeChat Verification (the domain's rule, which a
    validated registration, its fees and the checklist read).

    A China entity requests it by choosing it as the authentication method, or, having
    authenticated another way, by answering the verification step's "request it later?";
    an overseas entity answers that question. Reads raw answers, so drafts and validated
    models agree. None while the deciding answer is not given yet. The wizard's path reads
    the statechart, whose guards say the same over a draft (flows/registration.yaml: the
    verification step's outcomes; tests/test_flows.py holds the two together).
    """
    verification = answers.get("verification")
    requested = verification.get("requested") if isinstance(verification, Mapping) else None
    if answers.get("entity") == "china":
        method = answers.get("authentication")
        if method is None or method == VERIFYING_METHOD:
            return None if method is None else True
    if requested is None and recorded_verified(answers):
        return True  # a verified account requested it (rulebook: requested whenever done)
    return None if requested is None else requested is True


def recorded_verified(answers: Mapping[str, Any]) -> bool:
    """Whether the answers record an approved verification (lifecycle.verified_on)."""
    lifecycle = answers.get("lifecycle")
    return isinstance(lifecycle, Mapping) and lifecycle.get("verified_on") is not None


def verification_window(answers: Mapping[str, Any]) -> bool:
    """Whether the account is temporary until verified, for the 30-day window: only when a
    China entity chose WeChat Verification as its authentication method."""
    return answers.get("entity") == "china" and answers.get("authentication") == VERIFYING_METHOD


def _client_length(value: str) -> str:
    if len(value) > rulebook.CLIENT_MAX:
        raise fail("too_long", "at most {n} characters", n=rulebook.CLIENT_MAX)
    return value


class _Base(Part):
    version: Literal[1] = meta("Format version", "版本", "Always 1.")
    client: Annotated[Text, AfterValidator(_client_length)] = meta("Client", "客户", _CLIENT_HELP)
    email: Annotated[Email, Removable] = meta("Login email", "登录邮箱", _EMAIL_HELP,
                                              example="wechat@client.com")
    profile: Profile = meta("Account profile", "公众号信息")
    operators: Operators = meta(
        "Operators", "运营者", "People who will run the account day to day.",
        widget="list", default_factory=list,
    )
    lifecycle: Lifecycle | None = meta(
        "Lifecycle", "账号进度",
        "Dates marked after the wizard (onboarding mark); export writes them here.",
        default=None,
    )
    advice: Advice | None = meta("Account-type advice", "账号类型建议", _ADVICE_HELP,
                                 default=None)

    @property
    def registered_on(self) -> date | None:
        """The day the account was created, wherever the answers give it."""
        if self.lifecycle and self.lifecycle.registered_on:
            return self.lifecycle.registered_on
        verification = getattr(self, "verification", None)
        return verification.registered_on if verification else None

    @property
    def verified_on(self) -> date | None:
        return self.lifecycle.verified_on if self.lifecycle else None

    @property
    def paid_on(self) -> date | None:
        return self.lifecycle.paid_on if self.lifecycle else None

    @property
    def submitted_on(self) -> date | None:
        return self.lifecycle.submitted_on if self.lifecycle else None

    def _deciding(self) -> dict[str, Any]:
        """What `verification_requested` reads, as an answers file gives it: `requested` only
        when it was answered (a default is no answer)."""
        verification = getattr(self, "verification", None)
        answered = ({"requested": verification.requested}
                    if verification is not None and "requested" in verification.model_fields_set
                    else {})
        return {"entity": getattr(self, "entity", None),
                "authentication": getattr(self, "authentication", None),
                "verification": answered,
                "lifecycle": {"verified_on": self.verified_on}}


class ChinaRegistration(_Base):
    entity: Literal["china"] = meta("Entity", "注册主体", None, widget="radio",
                                    choices=ENTITY_CHOICES)
    account_type: AccountType = meta(
        "Account type", "账号类型", _ACCOUNT_TYPE_HELP, widget="radio",
        choices=ACCOUNT_TYPE_CHOICES,
    )
    region: ChinaRegion = meta(
        "Region", "主体注册地区", _REGION_HELP, widget="region"
    )
    organization: ChinaOrganization = meta("Organization", "主体信息")
    admin: ChinaAdmin = meta("Administrator", "管理员信息")
    authentication: AuthMethod = meta(
        "Authentication method", "主体验证方式", _AUTH_HELP, widget="radio", choices=AUTH_CHOICES
    )
    verification: Verification | None = meta(
        "Verification", "微信认证", _VERIFICATION_HELP_CHINA, default=None
    )

    @property
    def verification_requested(self) -> bool:
        return bool(verification_requested(self._deciding()))

    @property
    def verification_window(self) -> bool:
        return verification_window({"entity": "china", "authentication": self.authentication})


class OverseasRegistration(_Base):
    entity: Literal["overseas"] = meta(
        "Entity", "注册主体", None, widget="radio", choices=ENTITY_CHOICES
    )
    account_type: Annotated[AccountType, AfterValidator(_service_only)] = meta(
        "Account type", "账号类型", fact.OVERSEAS_SERVICE_ONLY,
        widget="radio", choices={"service": ACCOUNT_TYPE_CHOICES["service"]},
    )
    region: OverseasRegion = meta(
        "Region", "主体注册地区", _REGION_HELP, widget="region"
    )
    organization: OverseasOrganization = meta("Organization", "主体信息")
    admin: OverseasAdmin = meta("Administrator", "管理员信息")
    verification: Verification = meta(
        "Verification", "微信认证", _VERIFICATION_HELP_OVERSEAS, default_factory=Verification
    )

    @property
    def verification_requested(self) -> bool:
        return bool(verification_requested(self._deciding()))

    @property
    def verification_window(self) -> bool:
        return False


Registration = ChinaRegistration | OverseasRegistration
VARIANTS: dict[str, type[ChinaRegistration] | type[OverseasRegistration]] = {
    "china": ChinaRegistration,
    "overseas": OverseasRegistration,
}

_AnyRegistration = Annotated[
    Registration,
    Discriminator(
        "entity",
        custom_error_type="entity",
        custom_error_message="entity must be 'china' or 'overseas'",
    ),
]


@cache
def _adapter() -> TypeAdapter[Registration]:
    return TypeAdapter(_AnyRegistration)


def json_schema() -> dict[str, Any]:
    """The answers file's JSON Schema."""
    schema = _filled(_adapter().json_schema())
    schema["title"] = "WeChat Official Account registration answers"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _filled(node: Any) -> Any:
    """The schema with the rulebook's figures in its descriptions and choice labels."""
    if isinstance(node, dict):
        return {k: fill(v) if k in ("description",) and isinstance(v, str) else _filled(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [fill(v) if isinstance(v, str) else _filled(v) for v in node]
    return node


@dataclass
class Result:
    """What validating one answers document found."""

    registration: Registration | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def cross_step_issues(reg: Registration) -> list[Issue]:
    """Rules that span several steps and that no single field type can carry."""
    found: list[Issue] = []
    if isinstance(reg, ChinaRegistration) and reg.verification is not None:
        given = "requested" in reg.verification.model_fields_set
        if given and reg.verification_window and not reg.verification.requested:
            found.append(
                Issue(
                    "verification.requested",
                    N_("authentication: wechat_verification requests WeChat Verification; "
                       "to register without it, choose bank_transfer or legal_representative"),
                )
            )
    marked = reg.lifecycle.registered_on if reg.lifecycle else None
    answered = reg.verification.registered_on if reg.verification else None
    if marked and answered and marked != answered:
        found.append(Issue("lifecycle.registered_on", Message(
            N_("{day} differs from verification.registered_on ({other})"),
            day=str(marked), other=str(answered))))
    found += _lifecycle_issues(reg)
    registered_on = reg.registered_on
    for i, op in enumerate(reg.operators):
        if registered_on and op.added_on and op.added_on < registered_on:
            found.append(Issue(f"operators[{i}].added_on", Message(
                N_("{day} is before the account was registered ({registered})"),
                day=str(op.added_on), registered=str(registered_on))))
    return found


def _lifecycle_issues(reg: Registration) -> list[Issue]:
    """Recorded dates that contradict the answers: a verification recorded while the answers
    decline it, a payment or a submission with nothing to pay or submit."""
    found: list[Issue] = []
    verification = getattr(reg, "verification", None)
    declined = (verification is not None and "requested" in verification.model_fields_set
                and not verification.requested)
    if reg.verified_on and declined:
        found.append(Issue("verification.requested", Message(
            N_("no, but lifecycle.verified_on records WeChat Verification approved on {day}: "
               "a verified account requested it; answer yes, or remove the date"),
            day=str(reg.verified_on))))
    if reg.paid_on and getattr(reg, "authentication", None) != "bank_transfer":
        found.append(Issue("lifecycle.paid_on", Message(
            N_("only a bank-transfer authentication has a verification amount to pay "
               "(authentication: {method})"),
            method=getattr(reg, "authentication", None) or "-")))
    if reg.submitted_on and not reg.verification_requested:
        found.append(Issue("lifecycle.submitted_on", N_(
            "WeChat Verification is not requested (verification.requested), so there is no "
            "application to submit")))
    return found


def late_verification(reg: Registration) -> Issue | None:
    """An approval recorded after the 30-day window closed, when it cannot be a renewal (a
    renewal opens at the earliest 3 months before a year after an approval, which itself came
    after registering): the client must have resubmitted (rulebook)."""
    registered_on, verified_on = reg.registered_on, reg.verified_on
    if not (reg.verification_window and registered_on and verified_on):
        return None
    closed = registered_on + timedelta(rulebook.VERIFICATION_WINDOW_DAYS)
    earliest_renewal = registered_on + relativedelta(
        years=rulebook.VERIFICATION_RENEWAL_YEARS, months=-rulebook.RENEWAL_NOTICE_MONTHS)
    if not closed < verified_on < earliest_renewal:
        return None
    return Issue("lifecycle.verified_on", Message(
        N_("approved on {day}, after the {VERIFICATION_WINDOW} window closed on {closed}: "
           "WeChat ends a registration still unverified then, so the application must have "
           "been resubmitted (WeChat's operating rules, as reprinted); check the dates"),
        day=str(verified_on), closed=str(closed)), "warning")


def reserved_mark(name: str) -> str | None:
    """The mark WeChat reserves that an account name contains (any case), or None."""
    folded = name.casefold()
    return next((m for m in rulebook.RESERVED_NAME_MARKS if m.casefold() in folded), None)


def warnings(reg: Registration) -> list[Issue]:
    """Findings to show but not to block on: rules only secondary sources state, and notes."""
    found: list[Issue] = []
    if isinstance(reg, OverseasRegistration):
        note = business_number_issue(reg.region, reg.organization.registration_number)
        if note:
            found.append(Issue("organization.registration_number", note, "warning"))
    elif (reg.organization.type in rulebook.VERIFICATION_ONLY_ORG_TYPES
          and not reg.verification_window):
        kind = reg.organization.type
        found.append(Issue("authentication", Message(
            N_("a {type} organization is said to authenticate by WeChat Verification only "
               "(agency guides; not found on WeChat's own pages): check that the backend "
               "offers this method"),
            type=Term(kind, ORG_TYPE_CHOICES[kind][1], paired=False)), "warning"))
    mark = reserved_mark(reg.profile.name)
    if mark:
        found.append(Issue("profile.name", Message(
            N_("contains {mark}, a mark WeChat reserves for Tencent's own accounts: WeChat's "
               "naming rules (as reprinted) refuse it, and its name check asks for proof of the "
               "right to use it; choose another name unless the client holds that right"),
            mark=mark), "warning"))
    late = late_verification(reg)
    if late:
        found.append(late)
    if reg.advice is not None:
        advised = advise(reg.entity, reg.advice)
        if advised.account_type != reg.account_type:
            found.append(Issue("account_type", Message(
                N_("the advisor recommends a {type}: {reason}"), type=advised.label,
                reason=advised.reasons[0]), "warning"))
    return found


def context_of(answers: Mapping[str, Any], *, purged: bool = False) -> dict[str, Any]:
    """What a field's rule may need beyond its value: whether the registration's personal
    data was removed, and the region, whose country code reads an overseas
    administrator's national mobile number."""
    return {"purged": purged, "region": answers.get("region")}


def validate(data: Any, *, purged: bool = False) -> Result:
    """Validate one answers document (already parsed from YAML/JSON).

    `purged`: a stored registration whose personal data was removed; its removed values
    (`forms.personal.REMOVED`) pass. Never for an answers file or the wizard.
    """
    if not isinstance(data, Mapping):
        return Result(None, [Issue("", N_("the answers must be a mapping of keys"))])
    try:
        reg = _adapter().validate_python(data, context=context_of(data, purged=purged))
    except ValidationError as exc:
        return Result(None, issues_from(exc, drop_first=frozenset(VARIANTS)))
    return Result(reg, cross_step_issues(reg) + warnings(reg))


@cache
def _field_adapter(entity: str, key: str) -> tuple[TypeAdapter[Any], bool]:
    variant = VARIANTS[entity]
    hints = typing.get_type_hints(variant, include_extras=True)
    return TypeAdapter(hints[key]), variant.model_fields[key].is_required()


def validate_step(entity: Entity, step: str, answers: Mapping[str, Any], *,
                  purged: bool = False) -> list[Issue]:
    """Check only the answers one wizard step asks for, with the same rules as `validate`."""
    found: list[Issue] = []
    for key in STEP[step].asks:
        if key == "entity":
            if answers.get("entity") not in VARIANTS:
                found.append(Issue("entity", N_("choose china or overseas")))
            continue
        adapter, required = _field_adapter(entity, key)
        value = answers.get(key)
        if value is None:
            if required:
                found.append(Issue(key, REQUIRED))
            continue
        try:
            adapter.validate_python(value, context=context_of(answers, purged=purged))
        except ValidationError as exc:
            found += [Issue(_join(key, i.path), i.message, i.severity)
                      for i in issues_from(exc)]
    return found


def normalized_step(entity: Entity, step: str, answers: Mapping[str, Any], *,
                    purged: bool = False) -> dict[str, Any]:
    """The valid answers of one step as the rules read them (a mobile in E.164, an ID in
    capitals, a day as YYYY-MM-DD), for the wizard to keep instead of what was typed."""
    found: dict[str, Any] = {}
    for key in STEP[step].asks:
        value = answers.get(key)
        if key == "entity" or value is None:
            continue
        adapter, _ = _field_adapter(entity, key)
        try:
            valid = adapter.validate_python(value, context=context_of(answers, purged=purged))
        except ValidationError:
            continue
        found[key] = adapter.dump_python(valid, mode="json", exclude_unset=True)
    return found


def _join(key: str, path: str) -> str:
    if not path:
        return key
    return f"{key}{path}" if path.startswith("[") else f"{key}.{path}"


