"""What the checklist tells the client, written once for a finished registration and a draft.

Every sentence reads `Facts`: the answers given so far, each one valid (a draft with a
wrong answer gets no checklist). A finished registration has them all; a draft leaves
`Blank`s where an answer is still to come, and says what depends on a choice not made yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from forms import sentences as fact
from forms.advisor import Advice, advise
from forms.figures import fill
from forms.masking import SENSITIVE, Kind, mask
from forms.meta import FieldMeta
from forms.personal import is_removed
from forms.phones import spaced
from forms.regions import region
from forms.registration import verification_requested, verification_window
from forms.registry import START, STEP, answer_at
from forms.schedule import Fee, fee_for
from forms.steps import ORG_TYPE_CHOICES, Entity
from forms.words import Term, rendered, sentences
from onboarding.checklist.text import Code, Part, Text, code, plain, said, t, words
from onboarding.i18n import _
from onboarding.questions import region_name
from onboarding.questions import shown as shown_on_screen

# Answers the client types character by character: printed in a monospaced face.
TYPED_EXACTLY = frozenset({
    ("email",), ("organization", "registration_number"), *SENSITIVE,
})


@dataclass(frozen=True)
class Facts:
    """The answers so far (as an answers file holds them), and what follows from them."""

    answers: Mapping[str, Any]
    reveal: bool = False

    def get(self, *path: str) -> Any:
        value = answer_at(self.answers, path)
        return None if value == "" else value

    @property
    def entity(self) -> str | None:
        entity = self.answers.get("entity")
        return entity if entity in ("china", "overseas") else None

    @property
    def china(self) -> bool:
        return self.entity == "china"

    @property
    def requested(self) -> bool | None:
        """Whether WeChat Verification is requested; None while that is not decided."""
        return verification_requested(self.answers) if self.entity else None

    @property
    def window(self) -> bool:
        return verification_window(self.answers)

    @cached_property
    def fee(self) -> Fee | None:
        """The verification fee on this path (None before the path is chosen)."""
        if self.entity is None:
            return None
        return fee_for(self.entity, self.get("organization", "type"))

    def personal(self, path: tuple[str, ...]) -> Part:
        """A personal number as the document shows it: masked unless revealed; a mobile in
        its spaced international form."""
        value = self.get(*path)
        if not isinstance(value, str) or is_removed(value):
            return code(value)
        kind: Kind = SENSITIVE[path]
        if not self.reveal:
            return Code(mask(kind, value))
        return Code(spaced(value) if kind == "mobile" else value)


def fee_words(facts: Facts) -> str:
    """The verification fee on this path in the document's language ('300 RMB per
    application'; empty before the path is chosen)."""
    return facts.fee.render(t()) if facts.fee is not None else ""


def fee_text(facts: Facts) -> str:
    """The fee line; WeChat's China help adds that a failed review is not refunded."""
    fee = facts.fee
    if fee is None:
        return ""
    if facts.china and not fee.waived:
        return _("{fee}, not refunded if the review fails").format(fee=fee_words(facts))
    return fee_words(facts)


def shown(meta: FieldMeta, value: Any) -> str:
    """An answer as the document says it: a choice by its label (in Chinese the backend's
    term), yes or no, a region by its name; else as the screens show it."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if meta.widget == "region" and (place := region(str(value))) is not None:
        return region_name(place, t())
    if meta.choices and str(value) in meta.choices:
        return fill(str(rendered(meta.choice_label(value), t())), t())
    return shown_on_screen(meta, value)


def verification_documents(facts: Facts) -> Text:
    """What WeChat Verification asks the client to upload, on this client's path."""
    return said(_(fact.CHINA_DOCUMENTS if facts.china else fact.OVERSEAS_DOCUMENTS))


def verification_action_waived(facts: Facts) -> Text:
    """The verification step's backend action when no fee is asked of this client."""
    kind = facts.get("organization", "type")
    en, zh = ORG_TYPE_CHOICES.get(kind, (str(kind), ""))
    return said(_(fact.NO_FEE_ACTION), type=Term(en.lower(), zh, paired=False))


def operator_needs() -> tuple[Text, ...]:
    return tuple(said(_(need)) for need in fact.OPERATOR_NEEDS)


def operator_rule() -> Text:
    return said(_(fact.OPERATOR_LIMITS))


def told(*texts: Text) -> Text:
    """Sentences one after another, as the document's language spaces them."""
    gap = t().writing.gap
    return tuple(part for n, text in enumerate(texts)
                 for part in ((gap,) if n and gap else ()) + tuple(text))


def why(facts: Facts) -> Text | None:
    """Why this account type: the advisor's recommendation and reasons, when it was asked."""
    given, entity = facts.get("advice"), facts.entity
    if given is None or entity is None:
        return None
    advised = advise(cast(Entity, entity), Advice.model_validate(given))
    reasons = sentences([str(rendered(r, t())) for r in advised.reasons], t())
    chosen = facts.get("account_type")
    if chosen is None:
        return said(_("The account-type advisor recommends a {type}: {reasons}"),
                    type=advised.label, reasons=reasons)
    if advised.account_type == chosen:
        return said(_("Recommended by the account-type advisor: {reasons}"), reasons=reasons)
    return said(_("Chosen against the advisor's recommendation of a {type}, which gave these "
                  "reasons: {reasons}"), type=advised.label, reasons=reasons)


def prepare(facts: Facts) -> tuple[Text, ...]:
    """What to have ready before starting, for the path so far."""
    items = _path_items(facts)
    items.insert(1, said(_(fact.LOGIN_EMAIL), email=code(facts.get("email"))))
    items.append(words(_(fact.NAME_UNIQUE)))
    if facts.get("operators") or facts.get("operators") is None:  # planned, or still to plan
        needs = _("; ").join(plain(need) for need in operator_needs())
        items.append(said(_("Each operator listed below with: {needs}."), needs=needs))
    return tuple(items)


def _path_items(facts: Facts) -> list[Text]:
    if facts.china:
        return _china_items(facts)
    if facts.entity == "overseas":
        return _overseas_items(facts)
    return [
        said(_("The business license or registration certificate: who holds it decides the "
               "path. {help}"), help=STEP[START].guidance(None, t())),
        told(said(_("The administrator, {name}, available during registration with their ID "
                    "document and mobile."), name=facts.get("admin", "name")),
             words(_(fact.ADMIN_OWN_PERSON))),
    ]


def _china_items(facts: Facts) -> list[Text]:
    items = [
        said(_("The business license (营业执照) showing the Unified Social Credit Code "
               "{number}."), number=code(facts.get("organization", "registration_number"))),
        told(said(_("The administrator, {name}, available during registration with their "
                    "resident ID card (身份证, {number}), the mobile {mobile} for the SMS code, "
                    "and WeChat on their phone to scan QR codes."),
                  name=facts.get("admin", "name"), number=facts.personal(("admin", "id_number")),
                  mobile=facts.personal(("admin", "mobile"))),
             words(_(fact.ADMIN_BANK_CARD)), words(_(fact.ADMIN_OWN_PERSON))),
    ]
    method = facts.get("authentication")
    documents = verification_documents(facts)
    if method == "bank_transfer":
        items.append(said(_(fact.AUTH_BY_BANK_TRANSFER)))
    elif method == "legal_representative":
        items.append(said(_(fact.AUTH_BY_LEGAL_REPRESENTATIVE)))
    elif method == "wechat_verification":
        items.append(said(_("For WeChat Verification, to finish within {VERIFICATION_WINDOW} "
                            "of registering: {documents}; the fee: {fee}."),
                          documents=documents, fee=fee_text(facts)))
    else:
        items.append(told(
            said(_("The authentication method, chosen with the client (WeChat Verification "
                   "costs {fee}):"), fee=fee_words(facts)),
            *(said(_(method)) for method in (fact.AUTH_BY_VERIFICATION,
                                             fact.AUTH_BY_BANK_TRANSFER,
                                             fact.AUTH_BY_LEGAL_REPRESENTATIVE))))
    if facts.requested and not facts.window:
        items.append(said(_("For WeChat Verification, requested after registering (no "
                            "deadline): {documents}; the fee: {fee}."),
                          documents=documents, fee=fee_text(facts)))
    return items


def _overseas_items(facts: Facts) -> list[Text]:
    items = [
        said(_("The local business license or registration certificate showing {number}."),
             number=code(facts.get("organization", "registration_number"))),
        told(said(_("The administrator, {name}, available during registration with their "
                    "passport ({number}) and the mobile {mobile} to receive a verification "
                    "code."), name=facts.get("admin", "name"),
                  number=facts.personal(("admin", "passport_number")),
                  mobile=facts.personal(("admin", "mobile"))),
             words(_(fact.ADMIN_OWN_PERSON))),
    ]
    if facts.requested:
        items.append(said(_("For WeChat Verification, which can start as soon as the account "
                            "exists: {documents}; the fee: {fee}."),
                          documents=verification_documents(facts), fee=fee_text(facts)))
    elif facts.requested is False:
        items.append(said(_("Optional, later: WeChat Verification ({fee}), for the verified "
                            "badge."), fee=fee_words(facts)))
    else:
        items.append(said(_("Whether to request WeChat Verification ({fee}), for the verified "
                            "badge: it can start as soon as the account exists."),
                          fee=fee_words(facts)))
    return items


def warnings(facts: Facts) -> tuple[Text, ...]:
    """The platform's rules that surprise clients after the fact, for this client's path."""
    found = []
    if facts.china:
        found.append(words(_(fact.TYPE_IS_FINAL)))
    found.append(told(words(_(fact.ORGANIZATION_OWNS)), words(
        _("Keep the login email and password with the organization: the administrator can be "
          "replaced with their help, or without it by verifying the account again.")
        if facts.china else
        _("Keep the login email and password with the organization: the administrator can be "
          "replaced with their help."))))
    if facts.fee is not None:
        found.append(told(said(_(fact.RENAMING)),
                          said(_("The fee: {fee}."), fee=fee_words(facts))))
    found.append(said(_(fact.PROFILE_CHANGES)))
    found.append(told(words(_(fact.ADMIN_CONFIRMS)),
                      words(_("Agree how to reach them quickly."))))
    return tuple(found)
