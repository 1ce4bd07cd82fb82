"""The registration statechart, loaded untrusted and walked with a draft's answers.

`flows/registration.yaml` is one statechart for both paths: its top-level states are the
wizard's steps and its guards (`cond`) compare the draft's answers with values. The engine
asks it and never decides beside it (`Flow.walk`):

- the path a draft takes, the start step included (the wizard's "Step 3 of 9", `flows`);
- the steps that come whatever the answers not given yet will be, and those that may
  (the wizard's "?"), found by walking the machine once per value those answers can take;
- the outcome of a step with outcomes (verification: required, requested, declined) once
  the answers decide it, and the answers an outcome settles, which the wizard does not ask.

Loaded with `trusted=False`, a document can only compare answers, never run code; a guard
outside that (a call, arithmetic) or eventless transitions that loop are refused on load.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from itertools import product
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from statemachine import State, StateChart
from statemachine.exceptions import StateMachineError
from statemachine.io.evaluators import normalize_cond

from forms.registry import STEP, AnswerPath, answer_at
from forms.steps import ENTITY_CHOICES
from forms.words import Term
from onboarding.i18n import _

FLOW = "registration"  # flows/registration.yaml: the one document
NEXT = "next"  # the event that moves a walk from one step to the next
PATHS: tuple[str, ...] = tuple(ENTITY_CHOICES)  # a path per entity, walked with it
MAX_STEPS = 100  # a document whose `next` loops must not hang the wizard
MAX_COMPLETIONS = 256  # walks per draft at most: the values unanswered guards can take
WALK_CACHE = 1024  # distinct guard-answer combinations remembered
DESCRIPTION_ZH = "description_zh"  # a flow document's description in Chinese (optional)


class FlowError(Exception):
    """A flow document is missing, malformed, or cannot be walked."""


class _Other:
    """An answer none of the guards names (bank_transfer where a guard asks for
    wechat_verification): equal to nothing but itself."""

    def __repr__(self) -> str:
        return "<another answer>"


OTHER = _Other()


@dataclass(frozen=True)
class Guard:
    """One `cond` (or `unless`) of a transition: its text and the answers it reads."""

    text: str
    holds: bool  # False for `unless`: the transition is taken when the text is false
    tree: ast.expr = field(compare=False, repr=False)
    reads: frozenset[AnswerPath] = frozenset()


@dataclass(frozen=True)
class Edge:
    """A transition as the engine reads it."""

    source: str
    target: str
    event: str  # "" for an eventless transition (an outcome decided on entering a step)
    guards: tuple[Guard, ...]

    @property
    def reads(self) -> frozenset[AnswerPath]:
        return frozenset().union(*(g.reads for g in self.guards))


@dataclass(frozen=True)
class Run:
    """One walk of the machine with one set of answers."""

    path: tuple[str, ...]
    outcomes: Mapping[str, str | None]  # step -> outcome reached (None: still waiting)
    finished: bool  # reached the final state (else stopped: no guard let `next` go on)


@dataclass(frozen=True)
class Walk:
    """What the statechart says of a draft."""

    path: tuple[str, ...]
    """The steps the draft goes through, in order, the start included: to the end, or to
    where no guard lets it go on yet."""
    ahead: frozenset[str]
    """Steps not on the path that come whatever the answers not given yet will be."""
    maybe: frozenset[str]
    """Steps not on the path that come for some of the answers not given yet."""
    outcomes: Mapping[str, str]
    """A step's outcome (verification: required, requested...), once the answers decide it."""
    possible: Mapping[str, frozenset[str]]
    """A step's outcomes the answers not given yet may still lead to."""
    settled: frozenset[AnswerPath]
    """Answers an outcome decides from other steps' answers: the wizard does not ask them."""


@dataclass(frozen=True)
class Flow:
    name: str
    description: str
    chart: type[StateChart]
    description_zh: str = ""  # the document's own Chinese words, when it has them

    def described(self) -> str:
        """The description in the interface's language, as a backend term is said (English
        when the document has no Chinese words)."""
        return Term(self.description, self.description_zh, paired=False).render(_)

    # -- the document, read once ------------------------------------------------------

    @cached_property
    def steps(self) -> tuple[str, ...]:
        """Every step (top-level state) in document order, the final state left out."""
        return tuple(s.id for s in self.chart.states if not s.final)

    @cached_property
    def outcome_states(self) -> dict[str, tuple[str, ...]]:
        """A step's outcomes (its inner states), by step."""
        return {s.id: tuple(c.id for c in _inner(s)) for s in self.chart.states if s.states}

    @cached_property
    def edges(self) -> tuple[Edge, ...]:
        """Every transition a document writes (a compound state's entry into its first
        inner state is the library's, not the document's)."""
        found: list[Edge] = []
        for state in _every(self.chart.states):
            for t in state.transitions:
                if not t.event and t.target in state.states and not t.cond:
                    continue  # the implicit entry into the initial inner state
                found.extend(Edge(state.id, target.id, str(t.event or ""), _guards(t))
                             for target in t.targets)
        return tuple(found)

    @cached_property
    def reads(self) -> dict[AnswerPath, tuple[Any, ...]]:
        """Every answer a guard reads, with the values worth trying for it: those a guard
        compares it with, yes and no where it is read as a yes/no, and another answer."""
        values: dict[AnswerPath, list[Any]] = {}
        for edge in self.edges:
            for guard in edge.guards:
                for path, tried in _tried_values(guard.tree).items():
                    known = values.setdefault(path, [])
                    known += [v for v in tried if not any(_same(v, k) for k in known)]
        return {path: (*tried, OTHER) for path, tried in values.items()}

    def conditions(self) -> dict[str, list[tuple[Guard, ...]]]:
        """Steps and outcomes entered only under a guard, with the ways in (each one's
        guards hold together; any way will do). A way in without a guard leaves the state
        out."""
        ways: dict[str, list[tuple[Guard, ...]]] = {}
        for edge in self.edges:
            ways.setdefault(edge.target, []).append(edge.guards)
        return {target: found for target, found in ways.items() if all(found)}

    # -- walking ----------------------------------------------------------------------

    def walk(self, answers: Mapping[str, Any]) -> Walk:
        """What the statechart says of these answers (remembered per combination of the
        answers its guards read: a portfolio has a handful)."""
        given = {path: answer_at(answers, path) for path in self.reads}
        key = repr(sorted(given.items()))
        found = self._walks.get(key)
        if found is None:
            if len(self._walks) >= WALK_CACHE:
                self._walks.clear()
            found = self._walks[key] = self._walked(given)
        return found

    def path(self, answers: Mapping[str, Any]) -> list[str]:
        """The steps these answers go through, in order, the start included."""
        return list(self.walk(answers).path)

    def paths(self) -> dict[str, tuple[str, ...]]:
        """Each entity's path, before any other answer: the steps it goes through."""
        return {entity: self.walk({"entity": entity}).path for entity in PATHS}

    @cached_property
    def _walks(self) -> dict[str, Walk]:
        return {}

    def _walked(self, given: Mapping[AnswerPath, Any]) -> Walk:
        actual = self._run(given)
        runs = list(self._completions(given))
        finished = [set(run.path) for run in runs if run.finished]
        every = set.intersection(*finished) if finished else set()
        some = set.union(*finished) if finished else set()
        on_path = set(actual.path)
        outcomes, possible = {}, {}
        for step in actual.path:
            reached = {run.outcomes[step] for run in runs if step in run.outcomes}
            if len(reached) == 1 and (outcome := next(iter(reached))) is not None:
                outcomes[step] = outcome
            if reached - {None}:
                possible[step] = frozenset(o for o in reached if o is not None)
        return Walk(
            path=actual.path,
            ahead=frozenset(every - on_path),
            maybe=frozenset(some - every - on_path),
            outcomes=outcomes,
            possible=possible,
            settled=self._settled(outcomes),
        )

    def _completions(self, given: Mapping[AnswerPath, Any]) -> Iterator[Run]:
        """A walk for each value the answers not given yet may take (all of them given: the
        one walk of the answers)."""
        open_ = [path for path, value in given.items() if value is None]
        for values in product(*(self.reads[path] for path in open_)):
            yield self._run({**given, **dict(zip(open_, values, strict=True))})

    def _run(self, given: Mapping[AnswerPath, Any]) -> Run:
        try:
            machine = self.chart(model=_model(given))
            path: list[str] = []
            outcomes: dict[str, str | None] = {}
            while True:
                top, leaf = _where(machine)
                if top.final:
                    return Run(tuple(path), outcomes, True)
                path.append(top.id)
                if leaf is not top:
                    outcomes[top.id] = None if _waits(leaf) else leaf.id
                if len(path) > MAX_STEPS:
                    raise FlowError(_("flow {name!r} does not reach its end: {visited}...")
                                    .format(name=self.name, visited=path[:10]))
                before = list(machine.configuration_values)
                machine.send(NEXT)
                if list(machine.configuration_values) == before:
                    return Run(tuple(path), outcomes, False)
        except (StateMachineError, TypeError, ValueError, AttributeError) as exc:
            raise FlowError(_("flow {name!r}: a guard could not be read: {reason}")
                            .format(name=self.name, reason=exc)) from exc

    def _settled(self, outcomes: Mapping[str, str]) -> frozenset[AnswerPath]:
        """A step's own answers that its guards read but the way into its outcome did not:
        decided from other answers, they are not asked."""
        settled: set[AnswerPath] = set()
        for step, outcome in outcomes.items():
            own = {p for p in self.reads if p[0] in STEP[step].asks}
            into = set().union(*(e.reads for e in self.edges if e.target == outcome))
            settled |= own - into
        return frozenset(settled)


# -- reading the document -------------------------------------------------------------


def _every(states: Iterable[State]) -> Iterator[State]:
    for state in states:
        yield state
        yield from _every(state.states)


def _inner(state: State) -> Iterator[State]:
    for child in state.states:
        yield child
        yield from _inner(child)


def _guards(transition: Any) -> tuple[Guard, ...]:
    guards = []
    for spec in transition.cond:
        text = str(getattr(spec, "attr_name", spec))
        guards.append(parse_guard(text, getattr(spec, "expected_value", True) is not False))
    return tuple(guards)


def parse_guard(text: str, holds: bool = True) -> Guard:
    """A guard parsed as the library reads it; only answers compared with values."""
    try:
        tree = ast.parse(normalize_cond(text).strip(), mode="eval").body
    except SyntaxError as exc:
        raise FlowError(_("guard {guard!r} is not an expression").format(guard=text)) from exc
    reads = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Attribute):
            path = answer_path(node)
            if path is None:
                raise FlowError(_("guard {guard!r}: only answers compared with values")
                                .format(guard=text))
        elif not isinstance(node, _ALLOWED):
            raise FlowError(_("guard {guard!r}: only answers compared with values")
                            .format(guard=text))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Attribute) and not _inside_path(node, tree):
            reads.add(answer_path(node))
    return Guard(text, holds, tree, frozenset(p for p in reads if p))


_ALLOWED = (ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.Compare, ast.Eq, ast.NotEq,
            ast.Constant, ast.Load)


def answer_path(node: ast.AST) -> AnswerPath | None:
    """`verification.requested` -> ('verification', 'requested'); None for anything else."""
    if isinstance(node, ast.Name):
        return (node.id,) if not node.id.startswith("_") else None
    if isinstance(node, ast.Attribute) and not node.attr.startswith("_"):
        inner = answer_path(node.value)
        return (*inner, node.attr) if inner else None
    return None


def _inside_path(node: ast.AST, tree: ast.AST) -> bool:
    """Whether `node` is the inner part of a longer answer path (`verification` in
    `verification.requested`)."""
    return any(isinstance(n, ast.Attribute) and n.value is node for n in ast.walk(tree))


def _tried_values(tree: ast.expr) -> dict[AnswerPath, list[Any]]:
    """Per answer a guard reads, the values that decide it: the constants it is compared
    with, or yes and no where it stands alone as a yes/no."""
    tried: dict[AnswerPath, list[Any]] = {}

    def visit(node: ast.expr, alone: bool) -> None:
        path = answer_path(node) if isinstance(node, ast.Name | ast.Attribute) else None
        if path is not None:
            tried.setdefault(path, [])
            if alone:
                tried[path] += [True, False]
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                visit(value, True)
        elif isinstance(node, ast.UnaryOp):
            visit(node.operand, True)
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            constants = [s.value for s in sides if isinstance(s, ast.Constant)]
            for side in sides:
                visit(side, False)
                if (p := answer_path(side)) is not None:
                    tried[p] += [c for c in constants if c is not None]

    visit(tree, True)
    return tried


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _model(given: Mapping[AnswerPath, Any]) -> SimpleNamespace:
    """What the guards read: each answer they name, None when not given; `a.b` as parts."""
    root = _Part()
    for path, value in given.items():
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, _Part())
        node[path[-1]] = value
    return _made(root)


class _Part(dict[str, Any]):
    """A part of the answers the guards read into (`verification` of `verification.x`)."""


def _made(part: _Part) -> SimpleNamespace:
    return SimpleNamespace(**{k: _made(v) if isinstance(v, _Part) else v
                              for k, v in part.items()})


def _where(machine: StateChart) -> tuple[State, State]:
    """The step a machine is in and the innermost state in it."""
    states = list(machine.configuration)
    top = next(s for s in states if s.parent is None)
    leaf = next(s for s in reversed(states) if not any(c in states for c in s.states))
    return top, leaf


def _waits(state: State) -> bool:
    """An inner state waiting for an answer: it has outcomes to go to, none taken yet."""
    return any(not t.event for t in state.transitions)


# -- loading --------------------------------------------------------------------------


def flows_dir() -> Path:
    return Path(str(files("flows")))


@cache
def load_flow(name: str = FLOW) -> Flow:
    """Load `flows/NAME.yaml` as an untrusted statechart document and check it against the
    registry: its steps are the registry's steps, every one of them."""
    from statemachine.io import load

    path = flows_dir() / f"{name}.yaml"
    if not path.is_file():
        raise FlowError(_("no flow document {name!r} in {folder}")
                        .format(name=name, folder=flows_dir()))
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        # Our own key, beside the statechart's: the loader knows only its own.
        words_zh = doc.pop(DESCRIPTION_ZH, "") if isinstance(doc, dict) else ""
        chart = load(json.dumps(doc), format="json", trusted=False, name=path.stem)
    except (StateMachineError, yaml.YAMLError, ValueError, KeyError, TypeError) as exc:
        raise FlowError(_("flow {name!r} could not be loaded: {reason}")
                        .format(name=name, reason=exc)) from exc
    # A guard that fails is an error to report, not an event that would loop the machine.
    chart.catch_errors_as_events = False
    flow = Flow(name=name, description=str(doc.get("description", "")).strip(), chart=chart,
                description_zh=str(words_zh or "").strip())
    _check(flow)
    return flow


def _check(flow: Flow) -> None:
    unknown = [s for s in flow.steps if s not in STEP]
    if unknown:
        raise FlowError(_("flow {name!r} names steps the registry (forms/registry.py) does not "
                          "know: {unknown}").format(name=flow.name, unknown=', '.join(unknown)))
    unreached = [s for s in STEP if s not in flow.steps]
    if unreached:
        raise FlowError(_("flow {name!r} does not reach the registry steps {unreached}: add "
                          "them to it or remove them from forms/registry.py")
                        .format(name=flow.name, unreached=', '.join(unreached)))
    inner = [c for cs in flow.outcome_states.values() for c in cs if c in STEP]
    if inner:
        raise FlowError(_("flow {name!r}: a step's outcome may not be a step: {inner}")
                        .format(name=flow.name, inner=', '.join(inner)))
    flow.reads  # noqa: B018 - every guard parsed: one outside the allowed form fails here
    if _eventless_loop(flow):
        raise FlowError(_("flow {name!r}: its eventless transitions go round in a loop")
                        .format(name=flow.name))
    tries = 1
    for values in flow.reads.values():
        tries *= len(values)
    if tries > MAX_COMPLETIONS:
        raise FlowError(_("flow {name!r}: its guards read too many answers to walk "
                          "({tries} combinations, at most {most})")
                        .format(name=flow.name, tries=tries, most=MAX_COMPLETIONS))
    if any(a[:len(b)] == b for a in flow.reads for b in flow.reads if a != b):
        raise FlowError(_("flow {name!r}: a guard reads an answer and a part of it")
                        .format(name=flow.name))


def _eventless_loop(flow: Flow) -> bool:
    """Whether eventless transitions can lead back to where they started (the library would
    go round them for ever inside one step)."""
    going: dict[str, set[str]] = {}
    for edge in flow.edges:
        if not edge.event:
            going.setdefault(edge.source, set()).add(edge.target)

    def loops(state: str, seen: frozenset[str]) -> bool:
        return any(nxt in seen or loops(nxt, seen | {nxt}) for nxt in going.get(state, ()))

    return any(loops(state, frozenset({state})) for state in going)


def registration_flow() -> Flow:
    """The registration statechart (flows/registration.yaml)."""
    return load_flow(FLOW)
