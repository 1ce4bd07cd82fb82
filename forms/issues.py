"""Problems found in a registration, as `field.path: message` lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

Severity = Literal["error", "warning"]
REQUIRED = "required"  # the message of an answer not given yet: a draft's, not a wrong one

# Friendlier wording for pydantic's generic error types.
_MESSAGES = {
    "missing": REQUIRED,
    "extra_forbidden": "unknown key (a typo?)",
    "string_too_short": REQUIRED,
    "too_short": REQUIRED,
    "bool_parsing": "must be yes/true or no/false",
    "date_from_datetime_parsing": "must be a date like 2026-11-25",
    "date_parsing": "must be a date like 2026-11-25",
    "date_type": "must be a date like 2026-11-25",
    "list_type": "must be a list",
    "model_type": "must be a mapping of keys",
    "model_attributes_type": "must be a mapping of keys",
    "string_type": "must be text",
}


@dataclass(frozen=True, order=True)
class Issue:
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    @property
    def missing(self) -> bool:
        """An answer not given yet (unfinished, not wrong)."""
        return self.severity == "error" and self.message == REQUIRED


def format_path(loc: Iterable[Any]) -> str:
    """('operators', 2, 'wechat_id') -> 'operators[2].wechat_id'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(err: Any) -> str:
    kind, given = err["type"], err.get("input")
    if kind == "literal_error":
        return str(err["msg"]).replace("Input should be", "must be")
    calendar_slip = kind in ("date_parsing", "date_from_datetime_parsing")
    if calendar_slip and isinstance(given, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", given):
        return f"{given} is not a day on the calendar"
    if kind == "string_type" and isinstance(given, int | float):
        return "must be text: put it in quotes (a YAML file reads bare digits as a number)"
    return _MESSAGES.get(kind, str(err["msg"]))


def issues_from(exc: ValidationError, drop_first: frozenset[str] = frozenset()) -> list[Issue]:
    """One Issue per pydantic error; `drop_first` removes a union tag leading the location."""
    found = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        if loc and loc[0] in drop_first:
            loc = loc[1:]
        if err["type"] in ("union_tag_invalid", "union_tag_not_found", "entity"):
            found.append(Issue("entity", "must be 'china' (Mainland-China entity) or 'overseas'"))
            continue
        found.append(Issue(format_path(loc), _message(err)))
    return found
