"""The registration statechart: its branches taken both ways, the product's paths for any
draft, what an outcome settles, loaded untrusted and refused when it could hang."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statemachine.io import load

from forms.registration import verification_requested, verification_window
from forms.registry import START, STEP, STEP_IDS
from onboarding.flow import FLOW, FlowError, flows_dir, load_flow, registration_flow

CHINA = [START, "account_type", "email", "region", "organization", "authentication",
         "profile", "verification", "operators"]
OVERSEAS = [START, "account_type", "email", "region", "organization", "profile",
            "verification", "operators"]
METHODS = ["wechat_verification", "bank_transfer", "legal_representative"]


def test_one_document_for_both_paths() -> None:
    assert sorted(p.name for p in flows_dir().glob("*.yaml")) == [f"{FLOW}.yaml"]
    assert registration_flow().paths() == {"china": tuple(CHINA), "overseas": tuple(OVERSEAS)}


def test_the_document_describes_itself_in_the_interface_language() -> None:
    """`description_zh` sits beside the statechart's keys (its loader refuses unknown ones,
    so the flow loader takes it out first)."""
    from onboarding import i18n

    flow = registration_flow()
    assert flow.described() == flow.description and flow.description.isascii()
    with i18n.language("zh"):
        said = flow.described()
    assert said == flow.description_zh and "主体" in said and " " not in said


def test_steps_are_the_registry_steps_in_order() -> None:
    assert registration_flow().steps == STEP_IDS


# -- each guard, both ways ------------------------------------------------------------


def test_no_entity_no_path_yet() -> None:
    walk = registration_flow().walk({})
    assert walk.path == (START,)
    assert walk.maybe == {"authentication"}  # China's only: decided by the entity
    assert walk.ahead == set(OVERSEAS) - {START}
    assert registration_flow().walk({"entity": "mars"}).path == (START,)


@pytest.mark.parametrize("entity, path", [("china", CHINA), ("overseas", OVERSEAS)])
def test_the_entity_decides_whether_authentication_comes(entity: str, path: list[str]) -> None:
    walk = registration_flow().walk({"entity": entity, "authentication": "bank_transfer"})
    assert list(walk.path) == path
    assert walk.ahead == walk.maybe == frozenset()


@pytest.mark.parametrize("method, outcome", [
    ("wechat_verification", "required"), ("bank_transfer", None),
    ("legal_representative", None), (None, None)])
def test_the_authentication_method_decides_the_verification(method: str | None,
                                                            outcome: str | None) -> None:
    """WeChat Verification as the method: verification is required (its question settled);
    another method leaves the step asking "request it later?"."""
    walk = registration_flow().walk({"entity": "china", "authentication": method})
    assert list(walk.path) == CHINA  # the step comes either way
    assert walk.outcomes.get("verification") == outcome
    assert walk.settled == ({("verification", "requested")} if outcome else frozenset())


@pytest.mark.parametrize("entity", ["china", "overseas"])
@pytest.mark.parametrize("requested, outcome", [(True, "requested"), (False, "declined"),
                                                (None, None)])
def test_the_request_decides_the_verification(entity: str, requested: bool | None,
                                              outcome: str | None) -> None:
    answers = {"entity": entity, "authentication": "bank_transfer",
               "verification": {"requested": requested}}
    walk = registration_flow().walk(answers)
    assert walk.outcomes.get("verification") == outcome
    assert walk.settled == frozenset()  # the step asked it


def test_an_answer_from_the_other_path_decides_nothing() -> None:
    """An overseas draft keeps a China authentication answer (for switching back): it does
    not make verification required."""
    walk = registration_flow().walk({"entity": "overseas",
                                     "authentication": "wechat_verification"})
    assert "verification" not in walk.outcomes and walk.settled == frozenset()


def test_the_guards_are_the_branches() -> None:
    conditions = {target: [" and ".join(g.text for g in way) for way in ways]
                  for target, ways in registration_flow().conditions().items()}
    assert conditions["authentication"] == ["entity == 'china'"]
    assert conditions["required"] == ["entity == 'china' and authentication == "
                                      "'wechat_verification'"]
    assert conditions["requested"] == ["verification.requested == True"]
    assert conditions["declined"] == ["verification.requested == False"]
    assert "profile" not in conditions  # reached from authentication without a guard


# -- what the product promises, for any draft -----------------------------------------

ANSWER = st.one_of(st.none(), st.text(max_size=3), st.integers(), st.booleans())


def drafts(answer: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Random drafts: entity x authentication method x verification requested (a key left
    out or given as None: not answered yet), each also as `answer` gives."""
    return st.fixed_dictionaries(
        {"entity": st.sampled_from([None, "china", "overseas", "mars"])},
        optional={
            "authentication": st.one_of(st.sampled_from([None, *METHODS]), answer),
            "verification": st.one_of(
                st.fixed_dictionaries({}, optional={"requested": st.one_of(
                    st.sampled_from([None, True, False]), answer)}), answer),
            "client": st.text(max_size=5),
        },
    )


DRAFTS = drafts(st.nothing())  # answers of the right kind, as the wizard gives them
ANY_DRAFTS = drafts(ANSWER)  # and anything an answers file may hold


def promised_path(entity: Any) -> list[str]:
    return {"china": CHINA, "overseas": OVERSEAS}.get(entity, [START])


@given(ANY_DRAFTS)
def test_the_path_is_the_products_for_any_draft(answers: dict[str, Any]) -> None:
    walk = registration_flow().walk(answers)
    assert list(walk.path) == promised_path(answers["entity"])
    if answers["entity"] is None:
        assert (walk.ahead, walk.maybe) == (set(OVERSEAS) - {START}, {"authentication"})
    else:
        assert walk.ahead == walk.maybe == frozenset()


@given(DRAFTS)
def test_the_verification_outcome_is_the_domains_for_any_draft(answers: dict[str, Any]
                                                              ) -> None:
    """The guards say what `forms.registration` decides for a validated registration:
    required within the window, requested, declined, or not decided yet."""
    walk = registration_flow().walk(answers)
    if "verification" not in walk.path:
        assert walk.outcomes == {} and walk.settled == frozenset()
        return
    requested = verification_requested(answers)
    if verification_window(answers):
        promised = "required"
    else:
        promised = {True: "requested", False: "declined", None: None}[requested]
    assert walk.outcomes.get("verification") == promised
    assert walk.settled == ({("verification", "requested")} if promised == "required"
                            else frozenset())


@given(DRAFTS)
def test_the_wizard_asks_what_the_statechart_leaves_open(answers: dict[str, Any]) -> None:
    """What a path switch keeps is read from the machine: the verification question is
    dropped from the registration exactly when the authentication method settles it."""
    from onboarding.wizard import Wizard

    wizard = Wizard(answers)
    asked = wizard.registration_answers().get("verification")
    given_request = isinstance(answers.get("verification"), dict) and \
        "requested" in answers["verification"]
    if answers["entity"] in ("china", "overseas") and given_request:
        kept = isinstance(asked, dict) and "requested" in asked
        assert kept != verification_window(answers)


# -- a changed document ---------------------------------------------------------------


def test_a_guarded_step_is_named_and_taken_both_ways(guarded_verification: str) -> None:
    flow = load_flow(guarded_verification)
    assert [g.text for way in flow.conditions()["verification"] for g in way] == [
        "authentication == 'wechat_verification' or verification.requested == True"]
    verifying = {"entity": "china", "authentication": "wechat_verification"}
    assert flow.path(verifying) == CHINA
    later = {"entity": "china", "authentication": "bank_transfer"}
    assert "verification" not in flow.path(later)
    assert "verification" in flow.path({**later, "verification": {"requested": True}})
    assert flow.walk({"entity": "china"}).maybe == {"verification"}
    assert flow.walk(later).maybe == {"verification"}  # "request later?" not answered yet
    assert flow.walk(verifying).maybe == frozenset()
    assert flow.walk({**later, "verification": {"requested": False}}).maybe == frozenset()


SHIPPED = flows_dir() / f"{FLOW}.yaml"  # read only: a variant is written to a temp folder


def _variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    doc = SHIPPED.read_text()
    assert old in doc
    (tmp_path / f"{FLOW}.yaml").write_text(doc.replace(old, new))
    monkeypatch.setattr("onboarding.flow.flows_dir", lambda: tmp_path)
    load_flow.cache_clear()


@pytest.fixture
def variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The shipped document with one text replaced, as the flows folder while the test
    runs (the shipped file is never written)."""
    yield lambda old, new: _variant(tmp_path, monkeypatch, old, new)
    load_flow.cache_clear()


def test_documents_are_loaded_untrusted(tmp_path: Path, variant: Any) -> None:
    """A document that tries to run code is refused, by the library (trusted=False) and by
    the flow loader (a guard only compares answers)."""
    evil = "cond: \"__import__('os').system('echo pwned')\""
    doc = SHIPPED.read_text().replace(
        "{event: next, target: verification}", "{event: next, target: verification, " + evil
        + "}")
    path = tmp_path / "evil.yaml"
    path.write_text(doc.replace("description_zh:", "# description_zh:"))
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        chart = load(path, trusted=False)
        chart(model=type("M", (), {})()).send("next")
    variant("{event: next, target: verification}",
            "{event: next, target: verification, " + evil + "}")
    with pytest.raises(FlowError, match="not allowed by the restricted datamodel"):
        registration_flow()
    load_flow.cache_clear()
    variant("{event: next, target: verification}",
            "{event: next, target: verification, cond: \"In('start')\"}")
    with pytest.raises(FlowError, match="only answers compared with values"):
        registration_flow()  # the library would run it: a guard reads answers only


def test_eventless_transitions_that_loop_are_refused(variant: Any) -> None:
    """The library would go round them for ever inside one `send`."""
    variant("      declined: {}   # not now: it can be requested later",
            "      declined: {transitions: [{target: asked}]}")
    with pytest.raises(FlowError, match="loop"):
        registration_flow()


def test_a_next_that_loops_is_refused_when_walked(variant: Any) -> None:
    variant("{event: next, target: done}", "{event: next, target: account_type}")
    with pytest.raises(FlowError, match="does not reach its end"):
        registration_flow().walk({"entity": "china"})


def test_a_step_the_registry_does_not_know_fails_loudly(variant: Any) -> None:
    variant("profile", "profil")
    with pytest.raises(FlowError, match="profil"):
        registration_flow()


def test_a_registry_step_the_statechart_leaves_out_fails_loudly(variant: Any) -> None:
    variant("  authentication:\n    transitions:\n      - {event: next, target: profile}\n"
            , "")
    with pytest.raises(FlowError, match="authentication"):
        registration_flow()


def test_every_step_has_its_registry_entry() -> None:
    assert set(registration_flow().steps) == set(STEP)


# -- a guard in the reader's words ----------------------------------------------------


@pytest.mark.parametrize("text, holds, en, zh", [
    ("entity == 'china'", True, "Entity is Mainland-China entity", "注册主体为中国大陆主体"),
    ("authentication != 'bank_transfer'", True, "Authentication method is not Bank transfer",
     "主体验证方式不为支付验证"),
    ("verification.requested", True, "Request WeChat Verification is yes", "申请微信认证为是"),
    ("verification.requested == True", False, "not (Request WeChat Verification is yes)",
     "并非申请微信认证为是"),
    ("not entity == 'overseas' and authentication == null", True,
     "not (Entity is Non-China (overseas) entity) and Authentication method is not given",
     "并非注册主体为海外主体且主体验证方式为未填写"),
])
def test_a_guard_is_said_in_the_readers_words(text: str, holds: bool, en: str, zh: str
                                              ) -> None:
    from onboarding import i18n
    from onboarding.flow import parse_guard
    from onboarding.flow_words import guard_said

    guard = parse_guard(text, holds)
    assert guard_said(guard) == en
    with i18n.language("zh"):
        assert guard_said(guard) == zh
