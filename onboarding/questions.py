"""What each wizard step asks, derived from the forms' models and their field metadata.

The TUI builds its widgets from this and the review screen labels answers with it, so a
new field in `forms/` appears everywhere without touching UI code.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

import forms
from forms.issues import Issue
from forms.meta import FieldMeta, field_meta
from forms.personal import is_removed
from forms.phones import spaced
from forms.regions import Region, region
from forms.registry import STEP, AnswerPath
from forms.words import named, naming, rendered
from onboarding.flow import registration_flow
from onboarding.i18n import N_, _


@dataclass(frozen=True)
class Question:
    path: tuple[str, ...]  # ("admin", "mobile"); inside a list item: ("name",)
    meta: FieldMeta

    @property
    def key(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Group:
    """One answer key of a step: a single field, a part (several fields) or a list."""

    key: str
    meta: FieldMeta
    questions: tuple[Question, ...]
    repeated: bool = False  # a list of items, each asking `questions`

    @property
    def single(self) -> bool:
        return self.questions[0].path == (self.key,) if self.questions else False


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _part_questions(
    model: type[BaseModel], prefix: tuple[str, ...], implied: frozenset[tuple[str, ...]]
) -> tuple[Question, ...]:
    return tuple(
        Question((*prefix, name), field_meta(name, info))
        for name, info in model.model_fields.items()
        if (*prefix, name) not in implied
    )


def asked_groups(entity: str | None, step: str, answers: Mapping[str, Any]
                 ) -> tuple[Group, ...]:
    """The groups of questions `step` asks an entity, given the answers so far: an answer
    the statechart settles from other answers is not asked (`Walk.settled`)."""
    settled = (registration_flow().walk({**answers, "entity": entity}).settled if entity
               else frozenset())
    return step_groups(entity, step, settled)


@cache
def known_names(key: str) -> frozenset[str]:
    """Every field name some path asks inside the part or list `key`: a name outside them
    is a typo, kept so that it is reported, never dropped."""
    return frozenset(
        question.path[-1]
        for entity, variant in forms.VARIANTS.items() if key in variant.model_fields
        for step, spec in STEP.items() if key in spec.asks
        for group in step_groups(entity, step) if group.key == key
        for question in group.questions)


@cache
def step_groups(entity: str | None, step: str,
                settled: frozenset[AnswerPath] = frozenset()) -> tuple[Group, ...]:
    """The groups of questions `step` asks an entity (China's wording before one is chosen),
    leaving out the `settled` answer paths."""
    variant = forms.VARIANTS.get(entity or "", forms.VARIANTS["china"])
    implied = settled
    groups = []
    for key in STEP[step].asks:
        info = variant.model_fields[key]
        meta = field_meta(key, info)
        model = _model_of(info.annotation)
        if model is None:
            groups.append(Group(key, meta, (Question((key,), meta),)))
        elif typing.get_origin(info.annotation) is list:
            groups.append(Group(key, meta, _part_questions(model, (), implied), repeated=True))
        else:
            groups.append(Group(key, meta, _part_questions(model, (key,), implied)))
    return tuple(groups)


def described(entity: str | None, issue: Issue, message: str | None = None,
              translate: Callable[[str], str] | None = None) -> str:
    """An issue as a person reads it: the field's name instead of its answers-file path (in
    Chinese, the WeChat backend's term alone); `message` is the issue's words on screen;
    `translate`, the lookup of another language than the interface's (a document's)."""
    say = translate or _

    def name(meta: FieldMeta) -> str:
        return named(meta.en, meta.zh, say)

    said = issue.message if message is None else message
    item = re.fullmatch(r"(\w+)\[(\d+)\]\.(.+)", issue.path)
    for step in STEP:
        for group in step_groups(entity, step):
            if group.key == issue.path and not group.single:  # the whole part or list
                return say(N_("{field}: {message}")).format(field=name(group.meta),
                                                            message=said)
            for q in group.questions:
                if group.repeated and item and (group.key, q.key) == (item[1], item[3]):
                    listed = naming(group.meta.en, group.meta.zh, say)[0]
                    where = say(N_("{list} #{number}, {field}")).format(
                        list=listed, number=int(item[2]) + 1, field=name(q.meta))
                    return say(N_("{field}: {message}")).format(field=where, message=said)
                if not group.repeated and q.key == issue.path:
                    return say(N_("{field}: {message}")).format(field=name(q.meta), message=said)
    return say(N_("{field}: {message}")).format(field=issue.path, message=said) if issue.path \
        else said


def shown(meta: FieldMeta, value: Any) -> str:
    """An answer as a person reads it, in the language in use: choices by their labels (in
    Chinese the backend's own), yes/no, '-' when empty."""
    if value is None or value == "":
        return "-"
    if is_removed(value):
        return _(str(value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if meta.widget == "phone":
        return spaced(value)
    if meta.widget == "region" and (place := region(str(value))) is not None:
        return region_name(place, _)
    if meta.choices:
        return str(rendered(meta.choice_label(value), _))
    return str(value)


def region_name(place: Region, translate: Callable[[str], str]) -> str:
    """A region with its code: 'Germany (德国), DE', in Chinese '德国（DE）'."""
    return translate(N_("{region}, {code}")).format(
        region=named(place.name_en, place.name_zh, translate), code=place.code)
