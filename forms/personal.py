"""Personal data in an answers document: which values are about people, and a removed one.

These are the values the store encrypts, that `onboarding purge` removes once a
registration no longer needs them, and that never appear in an audit trail: the login
email, the administrator's name, resident ID or passport number and mobile, and each
operator's name and WeChat ID. Company facts (the organization, the account name) are not
personal data.

A removed value is `REMOVED` in its place. The domain accepts it only for a registration
whose personal data was removed (`validate(..., purged=True)`); an answers file or the
wizard giving it is refused, so nobody can pass a limit by typing it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import ValidationInfo, WrapValidator

from forms.issues import fail
from forms.words import N_

REMOVED = N_("(removed)")  # stored as written; a document says it in its language
EACH = "*"  # every item of a list

# Where each personal value sits: a part's key, or every list item's key.
PERSONAL: tuple[tuple[str, ...], ...] = (
    ("email",),
    ("admin", "name"),
    ("admin", "id_number"),
    ("admin", "passport_number"),
    ("admin", "mobile"),
    ("operators", EACH, "name"),
    ("operators", EACH, "wechat_id"),
)

Path = tuple[str | int, ...]


def is_removed(value: Any) -> bool:
    return value == REMOVED


def _removable(value: Any, handler: Callable[[Any], Any], info: ValidationInfo) -> Any:
    if not is_removed(value):
        return handler(value)
    if info.context and info.context.get("purged"):
        return value
    raise fail(
        "removed", "this personal data was removed from the portfolio (onboarding purge); "
        "an answers file needs the real value")


Removable = WrapValidator(_removable)
"""On a personal field's type: REMOVED passes only when validating a purged registration."""


def path_text(path: Path) -> str:
    """('operators', 0, 'name') -> 'operators[0].name', as issues name fields."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def personal_values(answers: Mapping[str, Any]) -> Iterator[tuple[Path, Any]]:
    """Every personal value the answers hold (not None), with its concrete path."""
    for pattern in PERSONAL:
        yield from _walk(answers, pattern, ())


def _walk(node: Any, pattern: tuple[str, ...], at: Path) -> Iterator[tuple[Path, Any]]:
    if not pattern:
        if node is not None:
            yield at, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == EACH:
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _walk(item, rest, (*at, i))
    elif isinstance(node, Mapping) and head in node:
        yield from _walk(node[head], rest, (*at, head))


def replace_personal(answers: Mapping[str, Any], change: Callable[[Path, Any], Any]
                     ) -> dict[str, Any]:
    """A copy of the answers with every personal value replaced by `change(path, value)`."""
    out = copy.deepcopy(dict(answers))
    for path, value in list(personal_values(out)):
        holder: Any = out
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = change(path, value)
    return out


def removed(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with every personal value removed (what a purge keeps)."""
    return replace_personal(answers, lambda _path, _value: REMOVED)
