"""The client's page as data: the parts a link opens, each field with its label, help, value
and error in the page's language, read from the wizard's own questions and rules.

Nothing here decides what is valid: the questions are `links.part_group`'s (the wizard's
`asked_groups`), the errors `links.issues`' (the wizard's `check`, the portfolio's limits
among them). What is particular to a web page lives here: which answer a form field holds
(`typed`), a personal number shown masked unless the client typed it in this session, and
where an answer sits in the client's answers (`put`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from forms import phones
from forms.masking import SENSITIVE, mask
from forms.meta import FieldMeta
from forms.registry import STEP, answer_at
from forms.words import Term, naming
from onboarding import links
from onboarding.i18n import _
from onboarding.questions import Group
from onboarding.wizard import Wizard

MAX_OPERATORS = 25  # the most a plan may have (5 long-term, 20 short-term): one card each
_PATH = re.compile(r"([a-z_]+)(?:\[(\d{1,2})\])?(?:\.([a-z_]+))?")


@dataclass
class Field:
    """One question as the page shows it."""

    path: str  # 'admin.name', 'operators[1].wechat_id': as issues name it
    meta: FieldMeta
    value: str = ""  # what the input holds
    kept: str = ""  # a personal number given before, masked ('310***...3'): typing replaces it
    error: str = ""
    warning: str = ""
    placeholder: str = ""

    @property
    def dom(self) -> str:
        """'admin-name', 'operators-1-wechat_id': the field's element ids."""
        return re.sub(r"[^a-z0-9_]+", "-", self.path).strip("-")

    @property
    def label(self) -> str:
        return naming(self.meta.en, self.meta.zh, _)[0]

    @property
    def beside(self) -> str:
        """The WeChat backend's term beside the label, in a language the backend does not
        speak (nothing in Chinese)."""
        return naming(self.meta.en, self.meta.zh, _)[1]

    @property
    def help(self) -> str:
        return self.meta.help.render(_) if self.meta.help else ""

    @property
    def widget(self) -> str:
        return self.meta.widget

    @property
    def said(self) -> str:
        """The answer as a page lists it: a choice by its name, a kept number masked."""
        if self.value and self.meta.choices:
            return dict(self.choices).get(self.value, self.value)
        return self.value or self.kept or "-"

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(key, Term(en, zh).render(_)) for key, (en, zh) in self.meta.choices.items()]


@dataclass
class Section:
    """One part: its title, the help the wizard gives at its step, its fields (or cards)."""

    part: str
    title: str
    guidance: str
    fields: list[Field] = field(default_factory=list)
    cards: list[list[Field]] = field(default_factory=list)  # a list part: one per item
    errors: list[str] = field(default_factory=list)  # about the part or list as a whole
    repeated: bool = False


@dataclass
class Page:
    sections: list[Section]
    errors: int  # fields that need fixing
    paths: dict[str, Field]  # every field on the page by its path


def sensitive(path: str) -> bool:
    return tuple(path.split(".")) in SENSITIVE


def build(wizard: Wizard, parts: Sequence[str], typed: Sequence[str], *,
          everywhere: bool = False) -> Page:
    """The page for a client's answers (`wizard` holds them with the registration's).

    Errors show beside fields that hold an answer, and beside every field once the client
    has tried to send (`everywhere`), as the wizard shows them once a field is left.
    """
    entity = wizard.entity
    answers = wizard.answers
    found = links.issues(wizard, parts)
    warned = links.warnings(wizard, parts)
    sections, paths = [], {}
    for part in parts:
        group = links.part_group(entity, part, answers)
        step = STEP[links.part_step(part)]
        section = Section(part, Term(group.meta.en, group.meta.zh, paired=False).render(_),
                          step.guidance(entity, _), repeated=group.repeated)
        if group.repeated:
            given_items = answers.get(part)
            items: list[Any] = given_items if isinstance(given_items, list) else []
            for n, item in enumerate(items[:MAX_OPERATORS]):
                section.cards.append([_field(f"{part}[{n}].{q.key}", q.meta,
                                             item.get(q.path[-1]) if isinstance(item, Mapping)
                                             else None, typed, answers)
                                      for q in group.questions])
            fields = [f for card in section.cards for f in card]
        else:
            section.fields = [_field(q.key, q.meta, answer_at(answers, q.path), typed, answers)
                              for q in group.questions]
            fields = section.fields
        for f in fields:
            paths[f.path] = f
            shown = everywhere or f.value or f.kept
            mine = [i for i in found if i.path == f.path]
            if mine and shown:
                f.error = mine[0].text(_)
            warning = [w for w in warned if w.path == f.path]
            if warning and not f.error:
                f.warning = warning[0].text(_)
        section.errors = [i.text(_) for i in found if i.path == part
                          and (everywhere or answers.get(part))]
        sections.append(section)
    errors = sum(1 for f in paths.values() if f.error) + sum(len(s.errors) for s in sections)
    if everywhere:  # an error no field shows (a rule between fields) still counts
        errors = max(errors, len(found))
    return Page(sections, errors, paths)


def _field(path: str, meta: FieldMeta, value: Any, typed: Sequence[str],
           answers: Mapping[str, Any]) -> Field:
    shown = "" if value is None else str(value)
    kept = ""
    if sensitive(path) and shown and path not in typed:
        kept, shown = mask(SENSITIVE[tuple(path.split("."))], shown), ""
    elif meta.widget == "phone" and shown:
        shown = phones.spaced(shown)
    return Field(path, meta, shown, kept, placeholder=_placeholder(meta, answers.get("region")))


def _placeholder(meta: FieldMeta, region: Any) -> str:
    if meta.widget == "date":
        return "YYYY-MM-DD"
    example = phones.example(region if isinstance(region, str) else None) \
        if meta.widget == "phone" else None
    example = example or meta.example
    return _("e.g. {example}").format(example=example) if example else ""


def typed(meta: FieldMeta, text: str) -> Any:
    """The answer a form field's text gives, as the wizard's input for that kind of field
    reads it (empty: no answer)."""
    text = text.strip()
    if meta.widget == "switch":
        return text in ("on", "true", "yes", "1")
    return text or None


def put(given: Mapping[str, Any], answers: Mapping[str, Any], path: str, value: Any
        ) -> dict[str, Any]:
    """The client's answers with one answer set: its part copied whole from `answers` (the
    registration's with the client's) the first time the client changes it."""
    match = _PATH.fullmatch(path)
    if match is None:
        raise ValueError(path)
    part, index, name = match.groups()
    out = copy.deepcopy(dict(given))
    holder = copy.deepcopy(answers.get(part))
    if index is not None:
        items = holder if isinstance(holder, list) else []
        item = dict(items[int(index)]) if int(index) < len(items) and isinstance(
            items[int(index)], Mapping) else {}
        if value is None:
            item.pop(name, None)
        else:
            item[name] = value
        items[int(index)] = item
        out[part] = items
    elif name is not None:
        holder = dict(holder) if isinstance(holder, Mapping) else {}
        if value is None:
            holder.pop(name, None)
        else:
            holder[name] = value
        out[part] = holder
    else:
        out[part] = value
    return out


def with_item(given: Mapping[str, Any], answers: Mapping[str, Any], group: Group,
              remove: int | None = None) -> dict[str, Any]:
    """The client's answers with a new item in a list part, its choices on their first
    option as the wizard's editor starts one (or item `remove` gone)."""
    out = copy.deepcopy(dict(given))
    items = copy.deepcopy(answers.get(group.key))
    items = items if isinstance(items, list) else []
    if remove is None:
        if len(items) < MAX_OPERATORS:
            items.append({q.path[-1]: next(iter(q.meta.choices)) for q in group.questions
                          if q.meta.widget == "radio" and q.meta.choices})
    elif 0 <= remove < len(items):
        del items[remove]
    out[group.key] = items
    return out
