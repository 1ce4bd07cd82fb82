"""The audit trail: who changed what, when, in the same transaction as the change.

A row names the action (import, save, mark, purge, remove, rotate key, upgrade) and the
answers' fields it changed, by path ("admin.mobile", "operators[1].wechat_id") — never a
value, never a person's name. Who: the consultant's name from the settings, else the
operating-system user.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.engine import Connection

from forms.issues import format_path
from forms.words import Listed
from onboarding.i18n import N_, _, writing
from onboarding.settings import SettingsError, settings
from onboarding.store.tables import AUDIT

CLI, TUI = "command line", "terminal UI"
# What the trail keeps (English keys, also in --json) as `history` says them.
_SHOWN = {word: word for word in (
    N_("command line"), N_("terminal UI"), N_("import"), N_("new"), N_("edit"), N_("save"),
    N_("discard edit"), N_("remove"), N_("purge"), N_("mark registered"), N_("mark verified"),
    N_("rotate key"), N_("client link"), N_("make client link"), N_("open client link"),
    N_("send client link"), N_("accept client link"), N_("send back client link"),
    N_("revoke client link"))}


def _shown(word: str) -> str:
    return _(word) if word in _SHOWN else word
WHO_LENGTH = 200


def who() -> str:
    """The consultant's name from the settings, else the operating-system user."""
    try:
        name = settings().consultant_name
    except SettingsError:
        name = ""
    if name:
        return name[:WHO_LENGTH]

    try:
        return getpass.getuser()[:WHO_LENGTH] or "unknown"
    except (KeyError, OSError):  # no user name in this environment (a bare container)
        return "unknown"


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """The paths whose answer differs between two answers documents (added, changed, gone)."""
    new = _leaves(after)
    if before is None:
        return sorted(new)
    old = _leaves(before)
    return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


def _leaves(answers: Any, at: tuple[str | int, ...] = ()) -> dict[str, Any]:
    if isinstance(answers, Mapping):
        out: dict[str, Any] = {}
        for key, value in answers.items():
            out.update(_leaves(value, (*at, str(key))))
        return out
    if isinstance(answers, list) and at:
        out = {}
        for i, value in enumerate(answers):
            out.update(_leaves(value, (*at, i)))
        return out
    return {format_path(at): answers} if at and answers not in (None, "") else {}


@dataclass(frozen=True)
class Entry:
    """One row of the trail, as `onboarding history` shows it."""

    at: datetime
    who: str
    via: str
    action: str
    registration_id: int | None
    fields: tuple[str, ...]

    def line(self, *, with_id: bool = False) -> str:
        """One line for people: when (local time), who, what, through which face, fields."""
        action, via = _shown(self.action), _shown(self.via)
        what = f"{action} #{self.registration_id}" \
            if with_id and self.registration_id is not None else action
        marks = writing()  # punctuation as the language writes it
        left, right = marks.brackets
        fields = f"{marks.colon}{Listed(self.fields).render(_)}" if self.fields else ""
        return (f"{self.at.astimezone():%Y-%m-%d %H:%M}  {self.who}  {what}{left}{via}{right}"
                f"{fields}")

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "who": self.who, "via": self.via,
                "action": self.action, "registration": self.registration_id,
                "fields": list(self.fields)}


class Trail:
    """Writes rows for one store opened by one person through one face."""

    def __init__(self, via: str = CLI) -> None:
        self.via = via
        self._who: str | None = None

    @property
    def who(self) -> str:
        if self._who is None:
            self._who = who()
        return self._who

    def row(self, action: str, reg_id: int | None, fields: Iterable[str] = ()
            ) -> dict[str, Any]:
        return {"at": datetime.now(UTC), "who": self.who, "via": self.via, "action": action,
                "registration_id": reg_id, "fields": sorted(set(fields))}

    def write(self, conn: Connection, action: str, reg_id: int | None,
              fields: Iterable[str] = ()) -> None:
        conn.execute(AUDIT.insert(), [self.row(action, reg_id, fields)])

    @staticmethod
    def write_many(conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(AUDIT.insert(), rows)


def entries(conn: Connection, reg_id: int | None = None) -> list[Entry]:
    """The trail, oldest first: one registration's, or the whole store's."""
    table = AUDIT.c
    query = select(type_coerce(table.at, String), table.who, table.via, table.action,
                   table.registration_id, type_coerce(table.fields, String)).order_by(table.id)
    if reg_id is not None:
        query = query.where(table.registration_id == reg_id)
    found = []
    for at, person, via, action, registration, fields in conn.execute(query):
        found.append(Entry(_moment(at), str(person), str(via), str(action), registration,
                           _fields(fields)))
    return found


def _fields(value: Any) -> tuple[str, ...]:
    try:
        fields = json.loads(value) if isinstance(value, str | bytes) else value
    except ValueError:
        return ("(unreadable)",)
    return tuple(str(f) for f in fields) if isinstance(fields, list) else ()


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return datetime.fromtimestamp(0, UTC)  # a damaged time: the row still shows
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
