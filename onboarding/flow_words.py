"""The registration statechart in the reader's words: its steps by the WeChat backend's
names (forms/registry.py), its guards as sentences over the fields they read (their labels
and choices from forms/), and its diagram (Mermaid) labelled with both.

A guard is written for the machine (`entity == 'china'`); a person reads "Entity is
Mainland-China entity" (注册主体为中国大陆主体). Only the forms a guard may take
(`onboarding.flow`: answers compared with values, and, or, not) are said.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from forms.meta import FieldMeta
from forms.registry import STEP, AnswerPath
from forms.steps import ENTITY_CHOICES
from forms.words import Term, either, rendered
from onboarding.flow import Edge, Flow, Guard, answer_path
from onboarding.i18n import N_, _
from onboarding.questions import step_groups

# What a step's outcome (a state inside it) means, by its id in flows/registration.yaml.
OUTCOMES = {
    "asked": N_("asks whether to request it"),
    "required": N_("required within the window"),
    "requested": N_("requested"),
    "declined": N_("not now"),
}
FINAL = N_("Done")


def path_name(entity: str) -> str:
    """A path as a person reads it: the entity that takes it ('Mainland-China entity
    (中国大陆主体)', in Chinese '中国大陆主体')."""
    en, zh = ENTITY_CHOICES[entity]
    return Term(en, zh).render(_)


def state_name(flow: Flow, state: str) -> str:
    """A state's name in the reader's language: a step's title, an outcome's words."""
    spec = STEP.get(state)
    if spec is not None:
        return Term(spec.en, spec.zh, paired=False).render(_)
    if state in OUTCOMES:
        return _(OUTCOMES[state])
    final = next((s for s in flow.chart.states if s.final), None)
    return _(FINAL) if final is not None and final.id == state else state


def ways_said(ways: Sequence[Sequence[Guard]]) -> str:
    """The ways into a state, each with its guards: 'A or B' in the reader's words."""
    return _join_or([_and_all([guard_said(g) for g in guards]) for guards in ways])


def guard_said(guard: Guard) -> str:
    said = _said(guard.tree)
    return said if guard.holds else _("not ({guard})").format(guard=said)


def _join_or(items: Sequence[str]) -> str:
    return str(rendered(either(list(items)), _)) if len(items) > 1 else "".join(items)


def _said(node: ast.expr) -> str:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        same = _one_field(node.values)
        if same is not None:
            path, values = same
            return _("{field} is {value}").format(
                field=_field(path), value=_join_or([_value(path, v) for v in values]))
        return _join_or([_said(v) for v in node.values])
    if isinstance(node, ast.BoolOp):
        said = _said(node.values[0])
        for value in node.values[1:]:
            said = _("{left} and {right}").format(left=said, right=_said(value))
        return said
    if isinstance(node, ast.UnaryOp):
        return _("not ({guard})").format(guard=_said(node.operand))
    if isinstance(node, ast.Compare):
        return _compared(node)
    alone = answer_path(node)
    if alone is not None:  # an answer read as yes or no
        return _("{field} is {value}").format(field=_field(alone), value=_value(alone, True))
    return ast.unparse(node)


def _compared(node: ast.Compare) -> str:
    sides = [node.left, *node.comparators]
    said = []
    for op, left, right in zip(node.ops, sides, sides[1:], strict=False):
        path, value = (answer_path(left), right) if answer_path(left) else \
            (answer_path(right), left)
        if path is None or not isinstance(value, ast.Constant):
            said.append(ast.unparse(ast.Compare(left, [op], [right])))
            continue
        template = _("{field} is {value}") if isinstance(op, ast.Eq) else \
            _("{field} is not {value}")
        said.append(template.format(field=_field(path), value=_value(path, value.value)))
    result = said[0]
    for more in said[1:]:
        result = _("{left} and {right}").format(left=result, right=more)
    return result


def _one_field(values: Iterable[ast.expr]) -> tuple[AnswerPath, list[Any]] | None:
    """`entity == 'china' or entity == 'overseas'`: one answer and the values it may be."""
    path, found = None, []
    for value in values:
        if not (isinstance(value, ast.Compare) and len(value.ops) == 1
                and isinstance(value.ops[0], ast.Eq)
                and isinstance(value.comparators[0], ast.Constant)):
            return None
        this = answer_path(value.left)
        if this is None or path not in (None, this):
            return None
        path = this
        found.append(value.comparators[0].value)
    return (path, found) if path is not None else None


def _field(path: AnswerPath) -> str:
    meta = field_meta_of(path)
    return meta.label(_) if meta is not None else ".".join(path)


def _value(path: AnswerPath, value: Any) -> str:
    meta = field_meta_of(path)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return _("not given")
    if meta is not None and str(value) in meta.choices:
        return Term(*meta.choices[str(value)], paired=False).render(_)
    return str(value)


@cache
def field_meta_of(path: AnswerPath) -> FieldMeta | None:
    """The field an answer path names, on either path (its labels, its choices)."""
    for entity in ENTITY_CHOICES:
        for step in STEP:
            for group in step_groups(entity, step):
                if group.single and (group.key,) == path:
                    return group.meta
                for question in group.questions:
                    if question.path == path:
                        return question.meta
    return None


# -- the diagram ----------------------------------------------------------------------


def mermaid(flow: Flow, entity: str | None = None) -> str:
    """The statechart as a Mermaid state diagram in the reader's words: every branch with
    its guard said; `entity`'s path marked."""
    from statemachine.contrib.diagram.extract import extract
    from statemachine.contrib.diagram.renderers.mermaid import MermaidRenderer

    graph = extract(flow.chart)
    marked = set(flow.walk({"entity": entity}).path) if entity else set()
    for state in _all(graph.states):
        state.name = state_name(flow, state.id).replace('"', "'")
        state.is_active = state.id in marked
    edges: dict[tuple[str, str, bool], list[Edge]] = {}
    for edge in flow.edges:
        edges.setdefault((edge.source, edge.target, bool(edge.event)), []).append(edge)
    for transition in graph.transitions:
        target = transition.targets[0] if transition.targets else transition.source
        same = edges.get((transition.source, target, bool(transition.event)))
        guards = same.pop(0).guards if same else ()
        transition.guards = [_and_all([guard_said(g) for g in guards])] if guards else []
        transition.event = _("Next") if transition.event else ""
    return MermaidRenderer().render(graph)


def _and_all(items: Sequence[str]) -> str:
    said = items[0]
    for more in items[1:]:
        said = _("{left} and {right}").format(left=said, right=more)
    return said


def _all(states: Iterable[Any]) -> Iterable[Any]:
    for state in states:
        yield state
        yield from _all(state.children)
