"""Load the registration paths (statechart documents) and walk them for a draft.

A flow is the statechart class loaded from `flows/NAME.yaml` with `trusted=False`, so a
document can only compare answers, never run code. Walking it with a draft's answers
as the model gives the path that draft takes.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from statemachine import StateChart
from statemachine.exceptions import StateMachineError

from forms.registration import verification_requested
from forms.registry import START, STEP
from onboarding.i18n import _

FINAL = "done"
MAX_STEPS = 100  # a document with a loop must not hang the wizard
PATH_CACHE = 1024  # distinct guard-answer combinations remembered per flow


class FlowError(Exception):
    """A flow document is missing, malformed, or never reaches its final state."""


def flows_dir() -> Path:
    return Path(str(files("flows")))


def flow_names() -> list[str]:
    return sorted(p.stem for p in flows_dir().glob("*.yaml"))


@dataclass(frozen=True)
class Flow:
    name: str
    description: str
    chart: type[StateChart]
    description_zh: str = ""  # the document's own Chinese words, when it has them

    def described(self) -> str:
        """The description in the interface's language, as a backend term is said (English
        when the document has no Chinese words)."""
        from forms.words import Term
        from onboarding.i18n import _

        return Term(self.description, self.description_zh, paired=False).render(_)

    @property
    def steps(self) -> list[str]:
        """Every step the document declares, in document order (final state excluded)."""
        return [s.id for s in self.chart.states if not s.final]

    def conditions(self) -> dict[str, str]:
        """Steps entered only under a guard, with the guard's text (for listings)."""
        guards: dict[str, list[str]] = {}
        for state in self.chart.states:
            for transition in state.transitions:
                guard = " and ".join(str(c) for c in transition.cond)
                guards.setdefault(transition.target.id, []).append(guard)
        return {step: " or ".join(g) for step, g in guards.items() if all(g)}

    @cached_property
    def _guard_names(self) -> dict[str, frozenset[str]]:
        """The answers each guarded step's guard reads, parsed once per flow."""
        found = {}
        for step, guard in self.conditions().items():
            try:
                tree = ast.parse(guard, mode="eval")
            except SyntaxError:
                continue  # not Python syntax: take the guard as decided
            found[step] = frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))
        return found

    def undecided(self, answers: Mapping[str, Any]) -> set[str]:
        """Guarded steps whose guard reads an answer not given yet: they may still come."""
        model = vars(_model(answers))
        return {step for step, names in self._guard_names.items()
                if any(model.get(name) is None for name in names)}

    @cached_property
    def _read_names(self) -> frozenset[str] | None:
        """Every name any guard reads, or None when a guard is not plain Python."""
        names: set[str] = set()
        for state in self.chart.states:
            for transition in state.transitions:
                for cond in transition.cond:
                    try:
                        tree = ast.parse(str(cond), mode="eval")
                    except SyntaxError:
                        return None
                    names.update(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))
        return frozenset(names)

    @cached_property
    def _paths(self) -> dict[str, tuple[str, ...]]:
        return {}

    def path(self, answers: Mapping[str, Any]) -> list[str]:
        """The steps a registration with these answers goes through, in order.

        The path depends only on the answers the guards read, so it is walked once per
        distinct combination of them (a portfolio has a handful) and remembered.
        """
        model = _model(answers)
        names = self._read_names
        if names is None:
            return self._walk(model)
        key = repr(sorted((n, getattr(model, n, None)) for n in names))
        if key not in self._paths:
            if len(self._paths) >= PATH_CACHE:
                self._paths.clear()
            self._paths[key] = tuple(self._walk(model))
        return list(self._paths[key])

    def _walk(self, model: SimpleNamespace) -> list[str]:
        machine = self.chart(model=model)
        visited: list[str] = []
        while not machine.is_terminated:
            (state,) = (s.id for s in machine.configuration)
            visited.append(state)
            if len(visited) > MAX_STEPS:
                raise FlowError(_("flow {name!r} does not reach its end: {visited}...")
                                  .format(name=self.name, visited=visited[:10]))
            machine.send("next")
        return visited[:-1] if visited and visited[-1] == FINAL else visited

    def mermaid(self) -> str:
        from statemachine.contrib.diagram import MermaidGraphMachine

        return MermaidGraphMachine(self.chart)()


def _model(answers: Mapping[str, Any]) -> SimpleNamespace:
    """What guards can read: every top-level answer, plus the facts derived from them."""
    return SimpleNamespace(
        **{k: v for k, v in answers.items() if isinstance(k, str) and k.isidentifier()},
        verification_requested=verification_requested(answers),
    )


DESCRIPTION_ZH = "description_zh"  # a flow document's description in Chinese (optional)


@cache
def load_flow(name: str) -> Flow:
    """Load `flows/NAME.yaml` as an untrusted statechart document."""
    from statemachine.io import load

    path = flows_dir() / f"{name}.yaml"
    if not path.is_file():
        raise FlowError(_("no flow named {name!r} (known: {flow_names})")
                          .format(name=name, flow_names=', '.join(flow_names())))
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        # Our own key, beside the statechart's: the loader knows only its own.
        words_zh = doc.pop(DESCRIPTION_ZH, "") if isinstance(doc, dict) else ""
        chart = load(json.dumps(doc), format="json", trusted=False, name=path.stem)
    except (StateMachineError, yaml.YAMLError, ValueError, KeyError, TypeError) as exc:
        raise FlowError(_("flow {name!r} could not be loaded: {reason}")
                          .format(name=name, reason=exc)) from exc
    flow = Flow(name=name, description=str(doc.get("description", "")).strip(), chart=chart,
                description_zh=str(words_zh or "").strip())
    unknown = [s for s in flow.steps if s not in STEP or s == START]
    if unknown:
        raise FlowError(_("flow {name!r} names steps the registry (forms/registry.py) does not "
                          "know: {unknown}").format(name=name, unknown=', '.join(unknown)))
    return flow


def load_flows() -> list[Flow]:
    """Every flow, checked together: each registry step is reached by at least one flow."""
    flows = [load_flow(name) for name in flow_names()]
    reached = {START}.union(*(f.steps for f in flows))
    unreached = [s for s in STEP if s not in reached]
    if unreached:
        raise FlowError(_("no flow reaches the registry steps {unreached}: add them to a flow "
                          "document or remove them from forms/registry.py")
                          .format(unreached=', '.join(unreached)))
    return flows
