"""Problems found in a registration, as `field.path: message` lines in the reader's language.

An Issue's message is a `forms.words.Message`: its English text, with the marked template
and params it was made from, so a face says it in its reader's language
(`issue.render(_)`). Rules raise `forms.fields.fail(code, template, **params)`, which
carries the template through pydantic's error (in its `ctx`); `issues_from` rebuilds the
Message from it, and gives pydantic's own error types marked wordings of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from forms.words import N_, Message, Translate, either, english

Severity = Literal["error", "warning"]
REQUIRED = N_("required")  # the message of an answer not given yet: a draft's, not a wrong one
TEMPLATE = "template"  # the key of a rule's template in a pydantic error's ctx (`fail`)

_A_DATE = N_("must be a date like 2026-11-25")
# Friendlier wording for pydantic's generic error types (the ones our models can raise).
_MESSAGES = {
    "missing": REQUIRED,
    "extra_forbidden": N_("unknown key (a typo?)"),
    "string_too_short": REQUIRED,
    "too_short": REQUIRED,
    "bool_parsing": N_("must be yes/true or no/false"),
    "bool_type": N_("must be yes/true or no/false"),
    "date_from_datetime_parsing": _A_DATE,
    "date_from_datetime_inexact": _A_DATE,
    "date_parsing": _A_DATE,
    "date_type": _A_DATE,
    "list_type": N_("must be a list"),
    "model_type": N_("must be a mapping of keys"),
    "model_attributes_type": N_("must be a mapping of keys"),
    "dict_type": N_("must be a mapping of keys"),
    "string_type": N_("must be text"),
    "string_too_long": N_("is too long"),
    "too_long": N_("has too many items"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "union_tag_invalid": N_("must be 'china' (Mainland-China entity) or 'overseas'"),
    "union_tag_not_found": N_("must be 'china' (Mainland-China entity) or 'overseas'"),
    "entity": N_("must be 'china' (Mainland-China entity) or 'overseas'"),
}
_UNTYPED = N_("is not a value this answer can take")  # a type no model here should raise


@dataclass(frozen=True, order=True)
class Issue:
    """A problem at a field path. `message` is the English text (a Message after
    construction, so every Issue can be said in another language)."""

    path: str
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if not isinstance(self.message, Message):  # a fixed, marked text
            object.__setattr__(self, "message", _fixed(self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    @property
    def template(self) -> str:
        """The English msgid the message was made from."""
        return self._said.template

    @property
    def params(self) -> Mapping[str, Any]:
        return self._said.params

    @property
    def _said(self) -> Message:
        assert isinstance(self.message, Message)
        return self.message

    def text(self, translate: Translate = english) -> str:
        """The message alone, in `translate`'s language."""
        return self._said.render(translate)

    def render(self, translate: Translate = english) -> str:
        """`path: message` in `translate`'s language (the path is the answers file's own)."""
        said = self.text(translate)
        return f"{self.path}: {said}" if self.path else said

    @property
    def missing(self) -> bool:
        """An answer not given yet (unfinished, not wrong)."""
        return self.severity == "error" and self.message == REQUIRED


def _fixed(text: str) -> Message:
    """A text with no params is said as it is: braces in it (a client's name in a text
    built before it reached the Issue) are never places to fill."""
    if "{" not in text and "}" not in text:
        return Message(text)
    return Message(text.replace("{", "{{").replace("}", "}}"))


def fail(code: str, template: str, /, **params: Any) -> PydanticCustomError:
    """A rule's error: `template` is a marked English msgid with `{name}` places for
    `params`; pydantic carries both in the error's ctx, so `issues_from` can say it again
    in any language. Babel extracts the template (`fail:2`)."""
    return PydanticCustomError(code, template, {TEMPLATE: template, **params})


def said(error: PydanticCustomError) -> Message:
    """What a rule's error (`fail`) says, as a Message."""
    ctx = dict(error.context or {})
    template = ctx.pop(TEMPLATE, None)
    return Message(template, **ctx) if isinstance(template, str) else _fixed(error.message())


def format_path(loc: Iterable[Any]) -> str:
    """('operators', 2, 'wechat_id') -> 'operators[2].wechat_id'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _message(err: Any) -> Message:
    kind, given, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if TEMPLATE in ctx:  # a rule of ours (`fail`): its own template and params
        return Message(ctx[TEMPLATE], **{k: v for k, v in ctx.items() if k != TEMPLATE})
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = [f"'{c}'" for c in _QUOTED.findall(expected)] or [expected]
        return Message(N_("must be {choices}"), choices=either(choices))
    calendar_slip = kind in ("date_parsing", "date_from_datetime_parsing")
    if calendar_slip and isinstance(given, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", given):
        return Message(N_("{day} is not a day on the calendar"), day=given)
    if kind == "string_type" and isinstance(given, int | float):
        return Message(N_("must be text: put it in quotes (a YAML file reads bare digits as a "
                          "number)"))
    return Message(_MESSAGES.get(kind, _UNTYPED))


def issues_from(exc: ValidationError, drop_first: frozenset[str] = frozenset()) -> list[Issue]:
    """One Issue per pydantic error; `drop_first` removes a union tag leading the location."""
    found = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        if loc and loc[0] in drop_first:
            loc = loc[1:]
        if err["type"] in ("union_tag_invalid", "union_tag_not_found", "entity"):
            found.append(Issue("entity", _message(err)))
            continue
        found.append(Issue(format_path(loc), _message(err)))
    return found
