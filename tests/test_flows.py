"""The statechart documents: every path, every guard both ways, loaded untrusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statemachine.io import load

from forms.registry import STEP
from onboarding.flow import Flow, FlowError, flow_names, flows_dir, load_flow, load_flows

CHINA_VERIFYING = [
    "account_type", "email", "region", "organization", "authentication", "profile",
    "verification", "operators",
]
CHINA_NOT_VERIFYING = [s for s in CHINA_VERIFYING if s != "verification"]
OVERSEAS = ["account_type", "email", "region", "organization", "profile", "verification",
            "operators"]


def test_both_flows_ship() -> None:
    assert flow_names() == ["china", "overseas"]


def test_china_guard_taken() -> None:
    flow = load_flow("china")
    path = flow.path({"entity": "china", "authentication": "wechat_verification"})
    assert path == CHINA_VERIFYING


@pytest.mark.parametrize("method", ["bank_transfer", "legal_representative", None])
def test_china_guard_not_taken(method: str | None) -> None:
    assert load_flow("china").path({"entity": "china", "authentication": method}) == (
        CHINA_NOT_VERIFYING
    )


@pytest.mark.parametrize("requested", [True, False])
def test_overseas_path(requested: bool) -> None:
    answers = {"entity": "overseas", "verification": {"requested": requested}}
    assert load_flow("overseas").path(answers) == OVERSEAS


def test_steps_are_state_ids() -> None:
    assert load_flow("china").steps == CHINA_VERIFYING
    assert load_flow("overseas").steps == OVERSEAS


def test_documents_are_loaded_untrusted(tmp_path: Path) -> None:
    """A document that tries to run code is refused, as flows are loaded with trusted=False."""
    doc = (flows_dir() / "china.yaml").read_text()
    evil = doc.replace(
        'cond: "verification_requested"',
        "cond: \"__import__('os').system('echo pwned')\"",
    )
    assert evil != doc
    path = tmp_path / "evil.yaml"
    path.write_text(evil)
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        chart = load(path, trusted=False)
        chart(model=type("M", (), {})()).send("next")


def test_conditional_steps_are_named() -> None:
    assert load_flow("china").conditions() == {"verification": "verification_requested"}
    assert load_flow("overseas").conditions() == {}


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
    verifying = answers["entity"] == "overseas" or answers["authentication"] == (
        "wechat_verification"
    )
    assert ("verification" in path) == verifying


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
