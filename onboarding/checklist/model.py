"""What the client's checklist says, as data: no markup here, so every format agrees.

Labels come from the forms' field metadata (English and the Chinese term the WeChat
backend shows), what is owed and by when from `forms.requirements`, fees from
`forms.schedule`, so the checklist can never disagree with the wizard, the validator or the
portfolio. A finished registration gets the checklist for where it is in its life
(`build`): ready to register, every step; registered, verified or lapsed, only what is still
to do (verification, the yearly renewal, operators still to add). A draft with nothing wrong
gets the "prepare" one (`build_draft`): what to have ready for its path so far and the steps
ahead, with blanks to fill in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast

from forms import sentences as fact
from forms.clock import today
from forms.issues import Issue
from forms.masking import SENSITIVE
from forms.registration import ChinaRegistration, Registration
from forms.registry import START, STEP
from forms.requirements import (
    Kind,
    Phase,
    Requirement,
    State,
    outstanding,
    owed,
    phase,
)
from forms.schedule import fees
from forms.steps import (
    ACCOUNT_TYPE_CHOICES,
    AUTH_CHOICES,
    ENTITY_CHOICES,
    TERM_CHOICES,
    ChinaOrganization,
    Lifecycle,
    Verification,
)
from forms.words import Message, Term, naming, rendered
from onboarding import i18n
from onboarding.checklist import sentences
from onboarding.checklist.sentences import TYPED_EXACTLY, Facts, fee_text, fee_words
from onboarding.checklist.text import Blank, Day, Text, code, given, said, t, words
from onboarding.flow import registration_flow
from onboarding.i18n import _, ngettext
from onboarding.questions import Question, asked_groups, described
from onboarding.settings import settings

DocumentKind = Literal["registration", "prepare"]


@dataclass(frozen=True)
class Row:
    en: str  # the label in the document's language (in Chinese: the backend's own term)
    zh: str  # the backend's Chinese term said beside it; empty where the label is that term
    value: Text


def label(en: str, zh: str) -> tuple[str, str]:
    """A label as the document names it (`forms.words.naming`): the name in the document's
    language and the backend's term beside it, or the backend's own term alone."""
    return naming(en, zh, t())


def row(en: str, zh: str, value: Text) -> Row:
    return Row(*label(en, zh), value)


@dataclass(frozen=True)
class OperatorPlan:
    name: Text
    wechat_id: Text
    term: Text
    added_on: Text
    expires: Text


@dataclass(frozen=True)
class Step:
    number: int
    id: str
    en: str  # the title in the document's language, as Row.en
    zh: str
    action: Text
    rows: tuple[Row, ...]
    operators: tuple[OperatorPlan, ...] | None = None  # the operators step: the plan, a table


@dataclass(frozen=True)
class Dated:
    title: str
    when: Text  # "by 2026-12-20", or the rule while the start date is unknown
    obligation: bool  # missing it makes the account overdue (else advice or news)
    due: date | None = None  # its day, when known (a screen says how far off it is)


@dataclass(frozen=True)
class Obligations:
    """What a registration must do by when, and what it costs: the checklist's page 1, and
    what the wizard's review tells to watch."""

    dates: tuple[Dated, ...]
    fees: tuple[Text, ...]


@dataclass(frozen=True)
class Consultant:
    """Who prepared the checklist, from the settings (empty: a line to write it on)."""

    name: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Checklist:
    """Its words are in `lang` (built with that language's catalog); `render` writes the
    templates' own words in the same language."""

    kind: DocumentKind
    client: str
    generated_on: str
    consultant: Consultant
    essentials: tuple[Row, ...]  # page 1: whose account, which, how it is authenticated
    fees: tuple[Text, ...]
    dates: tuple[Dated, ...]
    why: Text | None  # why this account type, when the advisor was asked
    prepare: tuple[Text, ...]
    steps: tuple[Step, ...]
    warnings: tuple[Text, ...]
    operator_needs: tuple[Text, ...]
    operator_rule: Text
    masked: bool
    lang: i18n.Language = "en"
    phase: Phase | Literal["prepare"] = "ready"  # what the steps are: all, or what is left

    @property
    def confidential(self) -> bool:
        """Personal numbers in clear: marked on every page."""
        return not self.masked


def consultant_from_settings() -> Consultant:
    chosen = settings()
    return Consultant(chosen.consultant_name, chosen.consultant_contact)


def _choice(choices: Mapping[str, tuple[str, str]], key: Any) -> Text:
    """A choice by its label: 'Service account (服务号)', in Chinese '服务号'."""
    if key not in choices:
        return (Blank(),)
    return said(str(rendered(Term(*choices[key]), t())))  # its figures filled


def _essentials(facts: Facts, client: str) -> tuple[Row, ...]:
    """Whose account, which, and how it is authenticated: a row only where it applies (the
    overseas path has no authentication step)."""
    name = facts.get("profile", "name")
    rows = [
        row("Client", "客户", given(client) or (Blank(),)),
        row("Account name", "公众号名称", given(name) if name else (Blank(),)),
        row("Account type", "账号类型",
            _choice(ACCOUNT_TYPE_CHOICES, facts.get("account_type"))),
        row("Path", "注册主体", _choice(ENTITY_CHOICES, facts.entity)),
    ]
    if facts.entity != "overseas":
        rows.append(row("Authentication method", "主体验证方式",
                        _choice(AUTH_CHOICES, facts.get("authentication"))))
    return tuple(rows)


def message_text(text: str) -> Text:
    """A domain text (a Message) in the document's language, its days kept on one line."""
    if isinstance(text, Message) and text.plural is None:
        return said(t()(text.template), **text.params)
    return words(str(rendered(text, t())))


def _when(requirement: Requirement, on: date) -> Text:
    """'by 2026-12-20' ('on' for news), 'past due since 2026-11-30' once passed, the rule
    while undated."""
    return message_text(requirement.by(on))


def _dated(found: Sequence[Requirement], on: date) -> tuple[Dated, ...]:
    """What is still to do by a date (or by a rule while the day is unknown), past due
    first. Short-term operators' terms ending are news: several are one line (each one's day
    is in the operators' table), so page 1 keeps room for what must be done."""
    still = [r for r in outstanding(found, on) if r.dated]
    expiring = [r for r in still if r.kind is Kind.OPERATOR_TERM]
    dated = []
    for r in still:
        if r.kind is not Kind.OPERATOR_TERM or len(expiring) == 1:
            dated.append(Dated(rendered(r.title, t()), _when(r, on), r.obligation,
                               r.deadline))
        elif r is expiring[0]:
            dated.append(_expiring(expiring))
    return tuple(dated)


def _expiring(expiring: Sequence[Requirement]) -> Dated:
    title = ngettext("{count} short-term operator expires", "{count} short-term operators expire",
                     len(expiring)).format(count=len(expiring))
    days = [r.deadline for r in expiring if r.deadline is not None]
    if len(days) < len(expiring):
        return Dated(title, message_text(expiring[0].rule), False)
    if min(days) == max(days):
        return Dated(title, said(_("on {day}"), day=days[0]), False, days[0])
    return Dated(title, said(_("from {first} to {last}"), first=min(days), last=max(days)),
                 False)


def _of(found: Sequence[Requirement], kind: Kind) -> Requirement | None:
    return next((r for r in found if r.kind is kind), None)


def _verification_rows(facts: Facts, found: Sequence[Requirement], on: date) -> list[Row]:
    """What the verification step means for this client: the fee, the dates, the review,
    and that it is renewed every year."""
    if facts.requested is False:
        return [row("WeChat Verification", "微信认证",
                    words(_("not now (optional, can be requested later)")))]
    rows = [row("Fee", "认证费用", words(fee_words(facts)))]
    submit, finish = _of(found, Kind.SUBMIT_VERIFICATION), _of(found, Kind.VERIFICATION)
    if submit is not None and submit.state(on) is not State.DONE:
        rows.append(row("Submit", "提交期限", said(_("{when} (last safe day)"),
                                               when=_when(submit, on))))
    if finish is not None and finish.deadline is not None:
        rows.append(row("Finish", "完成期限", _when(finish, on)))
    elif facts.window:
        rows.append(row("Finish", "完成期限", said(_("within {VERIFICATION_WINDOW} of "
                                                  "registering"))))
    elif facts.requested and facts.china:
        rows.append(row("When", "时间", words(_(
            "any time after registering: no deadline, the account is fully registered "
            "meanwhile"))))
    elif facts.requested:
        rows.append(row("When", "时间", words(_("right after registering"))))
    if facts.window:
        rows.append(row("Meanwhile", "认证期间", words(_(
            "the account is temporary until verified: upload the profile photo and set up the "
            "basic settings while you wait"))))
    if facts.china:
        rows.append(row("Review", "审核", said(_(
            "takes up to {VERIFICATION_REVIEW}; documents can be resubmitted up to "
            "{VERIFICATION_RESUBMISSIONS} times"))))
    rows.append(row("Documents", "认证材料", sentences.verification_documents(facts)))
    rows.append(row("Renewal", "年审", said(_(
        "due {VERIFICATION_RENEWAL} after approval, and yearly from then: an application paid "
        "like the first ({fee}), open from {RENEWAL_NOTICE} before its day"),
        fee=fee_words(facts))))
    return rows


def _renewal(facts: Facts, found: Sequence[Requirement], on: date) -> Step | None:
    """The yearly renewal of a verified account, as a step still to do: the fee, when it
    opens, by when, what lapsing costs."""
    renewal = _of(found, Kind.RENEWAL)
    if renewal is None or renewal.deadline is None:
        return None
    lapsed = renewal.state(on) is State.PAST_DUE
    fee = fee_words(facts)
    action = (said(_(fact.LAPSED), ends=renewal.deadline, fee=fee) if lapsed else
              said(_(fact.RENEWAL_TERMS), fee=fee, opens=renewal.opens, ends=renewal.deadline))
    rows = [row("Fee", "认证费用", words(fee)),
            row("Opens", "开放时间", (Day(renewal.opens.isoformat()),) if renewal.opens
                else words("-")),
            row("By", "截止日期", (Day(renewal.deadline.isoformat()),) if not lapsed
                else _when(renewal, on))]
    if facts.china:
        rows.append(row("Review", "审核", said(_(
            "takes up to {VERIFICATION_REVIEW}; documents can be resubmitted up to "
            "{VERIFICATION_RESUBMISSIONS} times"))))
    rows.append(row("Documents", "认证材料", sentences.verification_documents(facts)))
    title, zh = label("Renewal of WeChat Verification", "微信认证年审")
    return Step(0, "renewal", title, zh, action, tuple(rows))


def _answer(facts: Facts, q: Question, missing: Text) -> Text:
    value = facts.get(*q.path)
    if value is None:
        return missing
    if q.path in SENSITIVE:
        return (facts.personal(q.path),)
    if q.path in TYPED_EXACTLY:
        return (code(value),)
    if q.meta.widget == "date":
        return (Day(str(value)),)
    return given(sentences.shown(q.meta, value))


def _operators(facts: Facts, found: Sequence[Requirement]) -> tuple[OperatorPlan, ...]:
    expiry = {r.operator: r for r in found if r.kind is Kind.OPERATOR_TERM}
    plans = []
    for i, op in enumerate(facts.get("operators") or ()):
        ends = expiry.get(i)
        added = op.get("added_on")
        if op.get("term") != "short":
            expires = words("-")
        elif ends is not None and ends.deadline is not None:
            expires = (Day(ends.deadline.isoformat()),)
        else:
            expires = said(_("{SHORT_TERM_OPERATOR} after being added"))
        plans.append(OperatorPlan(
            said("{name}", name=op.get("name")) if op.get("name") else (Blank(),),
            (code(op.get("wechat_id")),),
            _choice(TERM_CHOICES, op.get("term")),
            (Day(str(added)),) if added else words(_("when the administrator approves")),
            expires,
        ))
    return tuple(plans)


def _steps(facts: Facts, path: Sequence[str], found: Sequence[Requirement], missing: Text,
           on: date) -> tuple[Step, ...]:
    steps = []
    for number, step in enumerate(path, 1):
        spec = STEP[step]
        action = words(spec.backend_action(facts.entity, t()))
        rows: list[Row] = []
        operators = None
        for group in asked_groups(facts.entity, step, facts.answers):
            if group.repeated:
                operators = _operators(facts, found)
                continue
            rows += [row(q.meta.en, q.meta.zh, _answer(facts, q, missing))
                     for q in group.questions]
        if step == "verification":  # a draft still to decide: the question, then its terms
            rows = (rows if facts.requested is None else []) + _verification_rows(
                facts, found, on)
            if facts.requested is False:
                action = words(spec.declined_action(t()))
            elif facts.fee is not None and facts.fee.waived:
                action = sentences.verification_action_waived(facts)
        title, zh = label(spec.en, spec.zh)
        steps.append(Step(number, step, title, zh, action, tuple(rows), operators))
    return tuple(steps)


def _still_to_do(facts: Facts, path: Sequence[str], found: Sequence[Requirement],
                 stage: Phase, on: date) -> tuple[Step, ...]:
    """After registering, only the steps still to do, numbered from 1: verification while
    it is owed, the renewal once verified, the operators not added yet."""
    left = []
    verification = _of(found, Kind.VERIFICATION)
    if "verification" in path and verification is not None \
            and verification.state(on) is not State.DONE:
        left.append("verification")
    pending = [op for op in facts.get("operators") or () if not op.get("added_on")]
    steps = list(_steps(facts, left, found, words("-"), on))
    renewal = _renewal(facts, found, on) if stage in ("verified", "lapsed") else None
    if renewal is not None:
        steps.append(renewal)
    if pending and "operators" in path:
        steps += _steps(facts, ["operators"], found, words("-"), on)
    return tuple(Step(n, s.id, s.en, s.zh, s.action, s.rows, s.operators)
                 for n, s in enumerate(steps, 1))


def _issue(entity: str | None, issue: Issue) -> Text:
    """A warning about the answers, in the document's language, named by its field."""
    return given(described(entity, issue, issue.text(t()), t()))  # names accounts


def _checklist(kind: DocumentKind, facts: Facts, path: Sequence[str],
               found: Sequence[Requirement], fee_lines: tuple[Text, ...],
               issues: Sequence[Issue], consultant: Consultant | None,
               stage: Phase | Literal["prepare"]) -> Checklist:
    client = str(facts.get("client") or "")
    on = today()
    before = stage in ("prepare", "ready")
    if before:
        steps = _steps(facts, path, found, (Blank(),) if kind == "prepare" else words("-"), on)
    else:
        steps = _still_to_do(facts, path, found, cast(Phase, stage), on)
    return Checklist(
        kind=kind,
        client=client,
        generated_on=on.isoformat(),
        consultant=consultant if consultant is not None else consultant_from_settings(),
        essentials=_essentials(facts, client) + _stage_row(facts, found, stage, on),
        fees=fee_lines,
        dates=_dated(found, on),
        why=sentences.why(facts) if before else None,
        prepare=sentences.prepare(facts) if before else (),
        steps=steps,
        warnings=(*sentences.warnings(facts), *(_issue(facts.entity, i) for i in issues)),
        operator_needs=sentences.operator_needs(),
        operator_rule=sentences.operator_rule(),
        masked=not facts.reveal,
        lang=i18n.current(),
        phase=stage,
    )


def _stage_row(facts: Facts, found: Sequence[Requirement], stage: str, on: date
               ) -> tuple[Row, ...]:
    """Where a registered account is: registered, verified, or its verification lapsed."""
    registered, renewal = _of(found, Kind.REGISTER), _of(found, Kind.RENEWAL)
    lifecycle = facts.get("lifecycle") or {}
    if stage == "registered" and registered is not None and registered.done_on:
        value = said(_("registered on {day}"), day=registered.done_on)
    elif stage == "verified" and lifecycle.get("verified_on"):
        value = said(_("verified on {day}"), day=date.fromisoformat(
            str(lifecycle["verified_on"])))
    elif stage == "lapsed" and renewal is not None:
        value = said(_("verification lapsed on {day}"), day=renewal.deadline)
    else:
        return ()
    return (row("Stage", "账号进度", value),)


def build(
    reg: Registration,
    *,
    registered_on: date | None = None,
    verified_on: date | None = None,
    reveal: bool = False,
    warnings: Sequence[Issue] = (),
    consultant: Consultant | None = None,
    lang: i18n.Language | None = None,
) -> Checklist:
    """Everything the client needs on paper, from a valid registration, for where it is in
    its life, in `lang` (default: the interface's language). `registered_on` and
    `verified_on`, when given, are the portfolio's dates (they are the answers' own)."""
    reg = _with_dates(reg, registered_on, verified_on)
    with i18n.language(lang or i18n.current()):
        answers = reg.model_dump(mode="json")
        facts = Facts(answers, reveal)
        stage = phase(reg, today())
        found = owed(reg)
        return _checklist("registration", facts, _backend_steps(answers), found,
                          _fee_lines(facts, reg, found, stage), warnings, consultant, stage)


def obligations(reg: Registration, registered_on: date | None = None,
                verified_on: date | None = None) -> Obligations:
    """What a valid registration must still do by when, and the fees still to pay, in the
    language in use, as the checklist's page 1 says them (the wizard's review reads it)."""
    reg = _with_dates(reg, registered_on, verified_on)
    on = today()
    found = owed(reg)
    facts = Facts(reg.model_dump(mode="json"), False)
    return Obligations(_dated(found, on), _fee_lines(facts, reg, found, phase(reg, on)))


def _backend_steps(answers: Mapping[str, Any]) -> list[str]:
    """The statechart's path for these answers, without the wizard's own first step."""
    return [step for step in registration_flow().path(answers) if step != START]


def _with_dates(reg: Registration, registered_on: date | None, verified_on: date | None
                ) -> Registration:
    given = {k: v for k, v in (("registered_on", registered_on), ("verified_on", verified_on))
             if v is not None and v != getattr(reg, k)}
    if not given:
        return reg
    lifecycle = (reg.lifecycle or Lifecycle()).model_copy(update=given)
    return reg.model_copy(update={"lifecycle": lifecycle})


def _fee_lines(facts: Facts, reg: Registration, found: Sequence[Requirement], stage: Phase
               ) -> tuple[Text, ...]:
    """The fees still to pay: verification while it is owed; once verified, the renewal's,
    every year."""
    if stage in ("verified", "lapsed"):
        renewal = _of(found, Kind.RENEWAL)
        if renewal is None or renewal.fee is None:
            return ()
        return (said(_("{title}: {fee}, every year"), title=_("Renewal of WeChat Verification "
                                                              "(年审)"), fee=fee_text(facts)),)
    return tuple(said(_("{title}: {fee}"), title=_(f.title), fee=fee_text(facts))
                 for f in fees(reg))


def build_draft(
    answers: Mapping[str, Any],
    path: Sequence[str],
    *,
    reveal: bool = False,
    warnings: Sequence[Issue] = (),
    consultant: Consultant | None = None,
    lang: i18n.Language | None = None,
) -> Checklist:
    """What to have ready, and the steps ahead, for a draft whose answers are all right so
    far (`path`: the steps its answers lead to), in `lang`. Nothing here is checked again."""
    with i18n.language(lang or i18n.current()):
        facts = Facts(answers, reveal)
        fee = facts.fee
        fee_lines: tuple[Text, ...] = ()
        if fee is not None and facts.requested is not False:
            template = (_("{title}: {fee}") if facts.requested
                        else _("{title}, if requested: {fee}"))
            fee_lines = (said(template, title=_(fee.title), fee=fee_text(facts)),)
        return _checklist("prepare", facts, path, _draft_requirements(facts), fee_lines,
                          warnings, consultant, "prepare")


def _draft_requirements(facts: Facts) -> tuple[Requirement, ...]:
    """What a draft's choices will owe, as `forms.requirements` states it: rules until the
    account is registered. Only a China authentication method brings any."""
    method = facts.get("authentication")
    if not facts.china or method is None:
        return ()
    verification, lifecycle = facts.get("verification"), facts.get("lifecycle")
    reg = ChinaRegistration.model_construct(  # what `owed` reads, each answer valid
        entity="china", authentication=method, operators=[],
        organization=ChinaOrganization.model_construct(
            type=facts.get("organization", "type")),
        verification=Verification.model_validate(verification) if verification else None,
        lifecycle=Lifecycle.model_validate(lifecycle) if lifecycle else None,
    )
    return owed(reg)
