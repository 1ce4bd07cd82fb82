"""Client links as stored: one row per link, its token and session kept only as digests.

A token (at least 128 random bits, `TOKEN_BYTES`) is shown once, when the link is made;
the store keeps its SHA-256 digest, the registration and parts it opens and when it
expires. The first visit swaps it for a session (another random value, kept as a digest
too), so the token opens nothing a second time. The client's answers are sealed as a
registration's are (`forms.personal` values, each bound to its path under `client_links.`)
and the consultant's note with them. Reads here are plain SQL; the writes that use them
are `link_writes.LinkWrites`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, delete, select, type_coerce, update
from sqlalchemy.engine import Connection

from forms.personal import path_text, replace_personal
from onboarding.portfolio import ANSWERED, EXPIRED, LIVE, OPEN
from onboarding.store.crypto import FieldCipher
from onboarding.store.tables import CLIENT_LINKS

TOKEN_BYTES = 32  # 256 random bits: a token or a session
SEALED_AT = "client_links."  # where a link's sealed values say they belong
NOTE = SEALED_AT + "note"
L = CLIENT_LINKS.c


def new_secret() -> str:
    """A token or session value: URL-safe text of TOKEN_BYTES random bytes."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(secret: str) -> str:
    """What the store keeps of a token or session: its SHA-256 (the value has 256 random
    bits, so the digest cannot be turned back into it)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def utc(moment: Any) -> datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back without its zone)."""
    if not isinstance(moment, datetime):
        moment = datetime.fromisoformat(str(moment))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class LinkInfo:
    """A link as the consultant and the client's page see it: never its token."""

    id: int
    registration_id: int
    parts: tuple[str, ...]
    state: str
    created_at: datetime
    expires_at: datetime
    opened_at: datetime | None = None
    answered_at: datetime | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    typed: tuple[str, ...] = ()
    note: str = ""

    def status(self, now: datetime | None = None) -> str:
        """open, answered or expired (an open link past its time); else the stored state."""
        now = now or datetime.now(UTC)
        if self.state == OPEN and self.expires_at <= now:
            return EXPIRED
        return self.state

    def usable(self, now: datetime | None = None) -> bool:
        """Whether the client's session may still read and write it."""
        return self.state in LIVE and self.expires_at > (now or datetime.now(UTC))


def seal_answers(answers: Mapping[str, Any], cipher: FieldCipher) -> dict[str, Any]:
    return replace_personal(answers, lambda path, value: cipher.seal(
        value, SEALED_AT + path_text(path)))


def open_answers(answers: Mapping[str, Any], cipher: FieldCipher) -> dict[str, Any]:
    return replace_personal(answers, lambda path, value: cipher.open(
        value, SEALED_AT + path_text(path)))


_COLUMNS = (L.id, L.registration_id, type_coerce(L.parts, String), L.state,
            type_coerce(L.created_at, String), type_coerce(L.expires_at, String),
            type_coerce(L.opened_at, String), type_coerce(L.answered_at, String),
            type_coerce(L.answers, String), type_coerce(L.typed, String), L.note)


def _json(value: Any) -> Any:
    """A JSON column read back: text on SQLite, already parsed by PostgreSQL's driver."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def _info(row: Any, cipher: FieldCipher) -> LinkInfo:
    (link_id, reg_id, parts, state, created, expires, opened, answered, answers, typed,
     note) = row
    return LinkInfo(
        id=link_id, registration_id=reg_id, parts=tuple(_json(parts)), state=state,
        created_at=utc(created), expires_at=utc(expires),
        opened_at=utc(opened) if opened else None,
        answered_at=utc(answered) if answered else None,
        answers=open_answers(_json(answers) or {}, cipher),
        typed=tuple(_json(typed) or ()),
        note=str(cipher.open(note, NOTE)) if note else "",
    )


def live(conn: Connection, reg_id: int, cipher: FieldCipher) -> LinkInfo | None:
    """The registration's open or answered link (the newest: there is at most one)."""
    row = conn.execute(select(*_COLUMNS).where(L.registration_id == reg_id,
                                               L.state.in_(LIVE))
                       .order_by(L.id.desc()).limit(1)).first()
    return _info(row, cipher) if row is not None else None


def by_digest(conn: Connection, column: str, value: str, cipher: FieldCipher
              ) -> LinkInfo | None:
    """The link whose token (column 'token_digest') or session ('session_digest') this is."""
    row = conn.execute(select(*_COLUMNS).where(L[column] == digest(value))).first()
    return _info(row, cipher) if row is not None else None


def states(conn: Connection, ids: Sequence[int] | None, now: datetime | None = None
           ) -> dict[int, str]:
    """Each registration's live link as the portfolio shows it: open, answered or expired
    (registrations without one are left out). Links are few: one indexed read."""
    if ids is not None and not ids:
        return {}
    now = now or datetime.now(UTC)
    query = select(L.registration_id, L.state, type_coerce(L.expires_at, String)).where(
        L.state.in_(LIVE)).order_by(L.id)
    if ids is not None:
        query = query.where(L.registration_id.in_(ids))
    found: dict[int, str] = {}
    for reg_id, state, expires in conn.execute(query):
        found[reg_id] = EXPIRED if state == OPEN and utc(expires) <= now else state
    return found


def reseal(conn: Connection, old: FieldCipher, new: FieldCipher) -> None:
    """Every link's sealed answers and note sealed with a new key (a rotation)."""
    for link_id, answers, note in conn.execute(select(L.id, type_coerce(L.answers, String),
                                                      L.note)).all():
        conn.execute(update(CLIENT_LINKS).where(L.id == link_id).values(
            answers=seal_answers(open_answers(_json(answers) or {}, old), new),
            note=new.seal(old.open(note, NOTE), NOTE) if note else None))


def forget_links(conn: Connection, reg_id: int) -> None:
    """A registration's links and the client answers they hold, gone (a purge)."""
    conn.execute(delete(CLIENT_LINKS).where(L.registration_id == reg_id))


__all__ = ["ANSWERED", "LinkInfo", "by_digest", "digest", "live", "new_secret", "reseal",
           "states"]
