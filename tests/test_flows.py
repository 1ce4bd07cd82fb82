"""The statechart documents: every path, every guard both ways, loaded untrusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statemachine.io import load

from forms.registry import STEP
from onboarding.flow import Flow, FlowError, flow_names, flows_dir, load_flow, load_flows

CHINA = [
    "account_type", "email", "region", "organization", "authentication", "profile",
    "verification", "operators",
]
OVERSEAS = ["account_type", "email", "region", "organization", "profile", "verification",
            "operators"]


def test_both_flows_ship() -> None:
    assert flow_names() == ["china", "overseas"]


@pytest.mark.parametrize("name", ["china", "overseas"])
def test_a_flow_describes_itself_in_the_interface_language(name: str) -> None:
    """`description_zh` sits beside the statechart's keys (its loader refuses unknown ones,
    so the flow loader takes it out first)."""
    from onboarding import i18n

    flow = load_flow(name)
    assert flow.described() == flow.description and flow.description.isascii()
    with i18n.language("zh"):
        said = flow.described()
    assert said == flow.description_zh and "主体" in said and " " not in said


@pytest.mark.parametrize("method", ["wechat_verification", "bank_transfer",
                                    "legal_representative", None])
def test_china_always_reaches_verification(method: str | None) -> None:
    """With WeChat Verification as the method the step records the date; with another it
    asks whether to request verification later."""
    assert load_flow("china").path({"entity": "china", "authentication": method}) == CHINA


@pytest.mark.parametrize("requested", [True, False])
def test_overseas_path(requested: bool) -> None:
    answers = {"entity": "overseas", "verification": {"requested": requested}}
    assert load_flow("overseas").path(answers) == OVERSEAS


def test_steps_are_state_ids() -> None:
    assert load_flow("china").steps == CHINA
    assert load_flow("overseas").steps == OVERSEAS


def test_documents_are_loaded_untrusted(tmp_path: Path) -> None:
    """A document that tries to run code is refused, as flows are loaded with trusted=False."""
    doc = (flows_dir() / "china.yaml").read_text()
    evil = doc.replace(
        "      - {event: next, target: verification}",
        "      - {event: next, target: verification, "
        "cond: \"__import__('os').system('echo pwned')\"}",
    )
    assert evil != doc
    path = tmp_path / "evil.yaml"
    path.write_text(evil)
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        chart = load(path, trusted=False)
        chart(model=type("M", (), {})()).send("next")


def test_shipped_flows_have_no_guard() -> None:
    assert load_flow("china").conditions() == {}
    assert load_flow("overseas").conditions() == {}


def test_a_guarded_step_is_named_and_taken_both_ways(guarded_china: str) -> None:
    flow = load_flow(guarded_china)
    assert flow.conditions() == {"verification": "verification_requested"}
    verifying = {"entity": "china", "authentication": "wechat_verification"}
    assert flow.path(verifying) == CHINA
    later = {"entity": "china", "authentication": "bank_transfer"}
    assert "verification" not in flow.path(later)
    assert "verification" in flow.path({**later, "verification": {"requested": True}})
    assert flow.undecided({"entity": "china"}) == {"verification"}
    assert flow.undecided(later) == {"verification"}  # "request later?" not answered yet
    assert flow.undecided(verifying) == set()


def test_diagram_is_mermaid() -> None:
    text = load_flow("china").mermaid()
    assert text.startswith("stateDiagram-v2")
    assert "profile --> verification" in text


@given(st.fixed_dictionaries({
    "entity": st.sampled_from(["china", "overseas"]),
    "authentication": st.sampled_from(
        [None, "bank_transfer", "legal_representative", "wechat_verification"]),
    "verification": st.fixed_dictionaries({"requested": st.booleans()}),
}))
def test_every_path_is_an_ordered_subsequence_of_the_steps(answers: dict) -> None:
    flow = load_flow(answers["entity"])
    path = flow.path(answers)
    assert path == [s for s in flow.steps if s in path]
    assert path[0] == "account_type" and path[-1] == "operators"
    assert "verification" in path


def test_every_flow_step_is_a_registry_step_and_every_registry_step_is_reached() -> None:
    flows = load_flows()
    reached = {step for flow in flows for step in flow.steps}
    assert reached <= set(STEP)
    assert set(STEP) - reached == {"start"}


def test_a_flow_naming_an_unknown_step_fails_loudly(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (flows_dir() / "overseas.yaml").read_text().replace("profile", "profil")
    (tmp_path / "typo.yaml").write_text(doc)
    monkeypatch.setattr("onboarding.flow.flows_dir", lambda: tmp_path)
    load_flow.cache_clear()
    try:
        with pytest.raises(FlowError, match="profil"):
            load_flow("typo")
    finally:
        load_flow.cache_clear()


def test_a_registry_step_no_flow_reaches_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    only = load_flow("overseas")
    monkeypatch.setattr("onboarding.flow.flow_names", lambda: ["overseas"])
    monkeypatch.setattr("onboarding.flow.load_flow", lambda name: only)
    with pytest.raises(FlowError, match="authentication"):
        load_flows()
    assert isinstance(only, Flow)
