"""Each fact a person reads is one named sentence (forms/sentences.py), translated once; the
step help, the fields' help, the wizard and the checklist compose from it (issue 21, item 4).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from forms import rulebook
from forms import sentences as fact
from forms.meta import field_meta
from forms.registry import STEP
from forms.steps import ChinaAdmin
from onboarding import i18n
from onboarding.checklist import build
from onboarding.i18n import _
from tests.helpers import china, ready_china, ready_overseas

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for p in (*ROOT.glob("forms/**/*.py"), *ROOT.glob("onboarding/**/*.py"),
                       *ROOT.glob("onboarding/**/*.j2"))]

# A phrase that only the fact's own sentence says (case as written).
ONE_PLACE = {
    "own person": fact.ADMIN_OWN_PERSON,
    "outside agency": fact.ADMIN_OWN_PERSON,
    "owns the account": fact.ORGANIZATION_OWNS,
    "confirms sensitive actions": fact.ADMIN_CONFIRMS,
    "bank card in their own name": fact.ADMIN_BANK_CARD,
    "account protection (帐号保护)": fact.OPERATOR_NEEDS[1],
    "a short-term operator expires": fact.OPERATOR_LIMITS,
    "small random amount": fact.AUTH_BY_BANK_TRANSFER,
    "the legal representative confirms": fact.AUTH_BY_LEGAL_REPRESENTATIVE,
    "can still be requested later": fact.VERIFY_LATER,
    "new name with each": fact.RENAMING,
    "times a month": fact.PROFILE_CHANGES,
    "difficult or impossible to change": fact.TYPE_IS_FINAL,
    "An email serves one": fact.ONE_EMAIL,
    "An overseas entity can only": fact.OVERSEAS_SERVICE_ONLY,
    "is renewed from": fact.RENEWAL,
    "stamped with the organization's seal": fact.CHINA_DOCUMENTS,
    "bank statement covering": fact.OVERSEAS_DOCUMENTS,
}


def _strings(path: Path) -> str:
    """The text a source file says: its string literals (comments cite sources freely)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return text
    return "\n".join(node.value for node in ast.walk(ast.parse(text))
                     if isinstance(node, ast.Constant) and isinstance(node.value, str))


@pytest.mark.parametrize("phrase", sorted(ONE_PLACE))
def test_a_fact_is_written_once(phrase: str) -> None:
    assert phrase in ONE_PLACE[phrase]
    elsewhere = [p.relative_to(ROOT).as_posix() for p in SOURCES
                 if p.name != "sentences.py" or p.parent.name != "forms"
                 if phrase in re.sub(r"\s+", " ", _strings(p))]
    assert not elsewhere, f"{phrase!r} is written again in {elsewhere}: use forms.sentences"


def test_every_named_sentence_is_said_somewhere() -> None:
    names = [n for n in vars(fact) if n.isupper() and len(n) > 2]
    said = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES
                     if p != ROOT / "forms" / "sentences.py")
    unused = [n for n in names if not re.search(rf"\bfact\.{n}\b", said)]
    assert not unused, unused


def test_the_renaming_rule_reads_its_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    """rulebook.NAME_CHANGES_PER_VERIFICATION is said, not typed: help and checklist follow."""
    monkeypatch.setattr(rulebook, "NAME_CHANGES_PER_VERIFICATION", 2)
    assert "2 new name with each verification" in STEP["profile"].guidance("china")
    checklist = build(_valid(china()))
    assert any("2 new name with each verification" in "".join(map(str, w))
               for w in checklist.warnings)


def _valid(answers: dict) -> object:
    import forms

    return forms.validate(answers).registration


@pytest.mark.parametrize("answers", [ready_china(), ready_overseas()], ids=["china", "overseas"])
def test_help_field_help_and_checklist_say_the_same_sentence(answers: dict) -> None:
    """In Chinese too: the one translation of "the administrator should be the
    organization's own person" is in the step help, the field's help and the checklist (of
    a registration not yet registered: the page that prepares it)."""
    with i18n.language("zh"):
        own = _(fact.ADMIN_OWN_PERSON)
        assert own != fact.ADMIN_OWN_PERSON and own.endswith("。")
        assert own in STEP["organization"].guidance(answers["entity"], _)
        meta = field_meta("name", ChinaAdmin.model_fields["name"])
        assert own in meta.help.render(_)
        checklist = build(_valid(answers), lang="zh")
        assert any(own in "".join(map(str, item)) for item in checklist.prepare)
    assert fact.ADMIN_OWN_PERSON in STEP["organization"].guidance(answers["entity"])


def test_sentences_are_spaced_as_the_language_writes_them() -> None:
    help_en = STEP["operators"].guidance("china")
    assert f"{rulebook.MAX_SHORT_TERM_OPERATORS} short-term operators; " in help_en
    assert ". Each operator needs a personal WeChat account" in help_en
    with i18n.language("zh"):
        help_zh = STEP["operators"].guidance("china", _)
    assert "。 " not in help_zh and "；" in help_zh  # no space between Chinese sentences
