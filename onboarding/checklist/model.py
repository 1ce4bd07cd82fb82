"""What the client's checklist says, as data: no markup here, so every format agrees.

Labels come from the forms' field metadata (English and the Chinese term the WeChat
backend shows), dates and fees from `forms.schedule`, so the checklist can never
disagree with the wizard or the validator. A finished registration gets the whole
checklist (`build`); a draft with nothing wrong gets the "prepare" one (`build_draft`):
what to have ready for its path so far and the steps ahead, with blanks to fill in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from forms.clock import today
from forms.issues import Issue
from forms.masking import SENSITIVE
from forms.registration import ChinaRegistration, Registration
from forms.registry import START, STEP
from forms.schedule import Deadline, DeadlineKind, deadlines, fees
from forms.steps import (
    ACCOUNT_TYPE_CHOICES,
    AUTH_CHOICES,
    ENTITY_CHOICES,
    TERM_CHOICES,
    Lifecycle,
    Verification,
)
from forms.words import Term, naming, rendered
from onboarding import i18n
from onboarding.checklist import sentences
from onboarding.checklist.sentences import TYPED_EXACTLY, Facts, fee_text, fee_words
from onboarding.checklist.text import Blank, Day, Text, code, given, said, t, words
from onboarding.flow import registration_flow
from onboarding.i18n import _, ngettext
from onboarding.questions import Question, asked_groups, described

Kind = Literal["registration", "prepare"]


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

    kind: Kind
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

    @property
    def confidential(self) -> bool:
        """Personal numbers in clear: marked on every page."""
        return not self.masked


def consultant_from_settings() -> Consultant:
    from onboarding.settings import settings

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


def _when(deadline: Deadline) -> Text:
    if deadline.due is None:
        return words(rendered(deadline.rule, t()))
    if deadline.kind in (DeadlineKind.OPERATOR_EXPIRY, DeadlineKind.RENEWAL_OPENS):
        return said(_("on {day}"), day=deadline.due)
    return said(_("by {day}"), day=deadline.due)


def _dated(found: Sequence[Deadline]) -> tuple[Dated, ...]:
    """Every dated obligation, with the advice days (the last safe day) beside them. Short-
    term operators ending are news, not obligations: several are one line (each one's day
    is in the operators' table), so page 1 keeps room for what must be done."""
    expiring = [d for d in found if d.kind is DeadlineKind.OPERATOR_EXPIRY]
    dated = []
    for d in found:
        if d.kind is not DeadlineKind.OPERATOR_EXPIRY or len(expiring) == 1:
            dated.append(Dated(rendered(d.title, t()), _when(d), d.kind.is_obligation,
                               d.due))
        elif d is expiring[0]:
            dated.append(_expiring(expiring))
    return tuple(dated)


def _expiring(expiring: Sequence[Deadline]) -> Dated:
    title = ngettext("{count} short-term operator expires", "{count} short-term operators expire",
                     len(expiring)).format(count=len(expiring))
    days = [d.due for d in expiring if d.due is not None]
    if len(days) < len(expiring):
        return Dated(title, words(rendered(expiring[0].rule, t())), False)
    if min(days) == max(days):
        return Dated(title, said(_("on {day}"), day=days[0]), False, days[0])
    return Dated(title, said(_("from {first} to {last}"), first=min(days), last=max(days)),
                 False)


def _verification_rows(facts: Facts, dated: Sequence[Deadline]) -> list[Row]:
    """What the verification step means for this client: the fee, the dates, the review."""
    if facts.requested is False:
        return [row("WeChat Verification", "微信认证",
                    words(_("not now (optional, can be requested later)")))]
    rows = [row("Fee", "认证费用", words(fee_words(facts)))]
    kinds = {d.kind: d for d in dated}
    submit, finish = (kinds.get(DeadlineKind.SUBMIT_VERIFICATION),
                      kinds.get(DeadlineKind.VERIFICATION))
    if submit is not None:
        rows.append(row("Submit", "提交期限",
                        said(_("{when} (last safe day)"), when=_when(submit))))
    if finish is not None:
        rows.append(row("Finish", "完成期限", _when(finish)))
    elif facts.window:
        rows.append(row("Finish", "完成期限", words(_("done"))))
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
    return rows


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


def _operators(facts: Facts, dated: Sequence[Deadline]) -> tuple[OperatorPlan, ...]:
    expiry = {d.operator: d for d in dated if d.kind is DeadlineKind.OPERATOR_EXPIRY}
    plans = []
    for i, op in enumerate(facts.get("operators") or ()):
        ends = expiry.get(i)
        added = op.get("added_on")
        if op.get("term") != "short":
            expires = words("-")
        elif ends is not None and ends.due is not None:
            expires = (Day(ends.due.isoformat()),)
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


def _steps(facts: Facts, path: Sequence[str], dated: Sequence[Deadline], missing: Text
           ) -> tuple[Step, ...]:
    steps = []
    for number, step in enumerate(path, 1):
        spec = STEP[step]
        action = words(spec.backend_action(facts.entity, t()))
        rows: list[Row] = []
        operators = None
        for group in asked_groups(facts.entity, step, facts.answers):
            if group.repeated:
                operators = _operators(facts, dated)
                continue
            rows += [row(q.meta.en, q.meta.zh, _answer(facts, q, missing))
                     for q in group.questions]
        if step == "verification":  # a draft still to decide: the question, then its terms
            rows = (rows if facts.requested is None else []) + _verification_rows(facts, dated)
            if facts.requested is False:
                action = words(spec.declined_action(t()))
        title, zh = label(spec.en, spec.zh)
        steps.append(Step(number, step, title, zh, action, tuple(rows), operators))
    return tuple(steps)


def _issue(entity: str | None, issue: Issue) -> Text:
    """A warning about the answers, in the document's language, named by its field."""
    return given(described(entity, issue, issue.text(t()), t()))  # names accounts


def _checklist(kind: Kind, facts: Facts, path: Sequence[str], found: Sequence[Deadline],
               fee_lines: tuple[Text, ...], issues: Sequence[Issue],
               consultant: Consultant | None) -> Checklist:
    """`found`: the deadlines, of which page 1 lists the dated ones (`_dated`)."""
    client = str(facts.get("client") or "")
    return Checklist(
        kind=kind,
        client=client,
        generated_on=today().isoformat(),
        consultant=consultant if consultant is not None else consultant_from_settings(),
        essentials=_essentials(facts, client),
        fees=fee_lines,
        dates=_dated(found),
        why=sentences.why(facts),
        prepare=sentences.prepare(facts),
        steps=_steps(facts, path, found, (Blank(),) if kind == "prepare" else words("-")),
        warnings=(*sentences.warnings(facts), *(_issue(facts.entity, i) for i in issues)),
        operator_needs=sentences.operator_needs(),
        operator_rule=sentences.operator_rule(),
        masked=not facts.reveal,
        lang=i18n.current(),
    )


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
    """Everything the client needs on paper, from a valid registration, in `lang` (default:
    the interface's language)."""
    with i18n.language(lang or i18n.current()):
        answers = reg.model_dump(mode="json")
        facts = Facts(answers, reveal)
        found = deadlines(reg, registered_on, verified_on)
        return _checklist("registration", facts, _backend_steps(answers), found,
                          _fee_lines(facts, reg), warnings, consultant)


def obligations(reg: Registration, registered_on: date | None = None,
                verified_on: date | None = None) -> Obligations:
    """The dated obligations and the fees of a valid registration, in the language in use,
    as the checklist says them."""
    facts = Facts(reg.model_dump(mode="json"), False)
    return Obligations(_dated(deadlines(reg, registered_on, verified_on)),
                       _fee_lines(facts, reg))


def _fee_lines(facts: Facts, reg: Registration) -> tuple[Text, ...]:
    return tuple(said(_("{title}: {fee}"), title=_(f.title), fee=fee_text(facts))
                 for f in fees(reg))


def _backend_steps(answers: Mapping[str, Any]) -> list[str]:
    """The statechart's path for these answers, without the wizard's own first step."""
    return [step for step in registration_flow().path(answers) if step != START]


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
        return _checklist("prepare", facts, path, _draft_deadlines(facts), fee_lines,
                          warnings, consultant)


def _draft_deadlines(facts: Facts) -> list[Deadline]:
    """The obligations a draft's choices bring, as `forms.schedule` states them: rules until
    the account is registered. Only a China authentication method brings any."""
    method = facts.get("authentication")
    if not facts.china or method is None:
        return []
    verification, lifecycle = facts.get("verification"), facts.get("lifecycle")
    reg = ChinaRegistration.model_construct(  # what `deadlines` reads, each answer valid
        entity="china", authentication=method, operators=[],
        verification=Verification.model_validate(verification) if verification else None,
        lifecycle=Lifecycle.model_validate(lifecycle) if lifecycle else None,
    )
    return deadlines(reg)
