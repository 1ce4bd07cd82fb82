"""The client links' writes: made and revoked by the consultant, entered and answered by the
client, accepted or sent back by the consultant. Each is one transaction under the write
lock, with its audit row (never a value, never the token).

The client's side writes as the face "client link" and the person "client"; the token and
the session are only ever compared as digests (`links.digest`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Connection

from onboarding import links as rules
from onboarding import portfolio
from onboarding.i18n import _
from onboarding.store.errors import NotFound, Refused
from onboarding.store.links import (
    NOTE,
    LinkInfo,
    by_digest,
    digest,
    live,
    new_secret,
    seal_answers,
)
from onboarding.store.record import Record, read_only
from onboarding.store.tables import CLIENT_LINKS
from onboarding.store.writes import Writes
from onboarding.wizard import ExtraChecks

CLIENT_LINK = "client link"  # the face a client's writes come through (the audit's `via`)
CLIENT = "client"  # who wrote them
L = CLIENT_LINKS.c


class LinkWrites(Writes):
    """Client links: see the module's docstring."""

    # -- the consultant ---------------------------------------------------------------

    def make_link(self, reg_id: int, parts: Sequence[str], hours: int = rules.DEFAULT_HOURS,
                  now: datetime | None = None) -> tuple[str, LinkInfo]:
        """A new link (its token, shown once, and what it opens). A live link of the same
        registration is replaced: its token opens nothing any more, and the answers its
        client gave but nobody accepted yet carry over to the new one."""
        if not 1 <= hours <= rules.MOST_HOURS:
            raise Refused(_("a link lasts 1 to {most} hours, not {hours}")
                            .format(most=rules.MOST_HOURS, hours=hours))
        parts = rules.ordered(parts)
        now = now or datetime.now(UTC)
        token = new_secret()
        with self._write() as conn:
            state = self._stored(conn, reg_id)
            refusal = read_only(reg_id, state) or rules.openable(
                (state.get("edit") or state).get("answers") or {}, parts)
            if refusal:
                raise Refused(refusal)
            before = live(conn, reg_id, self.cipher)
            kept: dict[str, Any] = {}
            typed: tuple[str, ...] = ()
            if before is not None:
                kept = {k: v for k, v in before.answers.items() if k in parts}
                typed = before.typed
                self._close(conn, before.id, portfolio.REPLACED)
            (link_id,) = conn.execute(CLIENT_LINKS.insert().returning(L.id), [{
                "registration_id": reg_id, "token_digest": digest(token),
                "session_digest": None, "parts": list(parts), "state": portfolio.OPEN,
                "created_at": now, "expires_at": now + timedelta(hours=hours),
                "opened_at": None, "answered_at": None,
                "answers": seal_answers(kept, self.cipher), "typed": list(typed),
                "note": None}]).scalars()
            self.trail.write(conn, "make client link", reg_id, parts)
            info = live(conn, reg_id, self.cipher)
        assert info is not None and info.id == link_id
        return token, info

    def link(self, reg_id: int) -> LinkInfo | None:
        """The registration's open or answered link, with the client's answers; None when
        it has none (NotFound when there is no such registration)."""
        with self.db.read() as conn:
            self._stored(conn, reg_id)
            return live(conn, reg_id, self.cipher)

    def revoke_link(self, reg_id: int) -> LinkInfo:
        """The live link closed: its token and its client's session open nothing any more
        (the answers it holds go with it)."""
        with self._write() as conn:
            found = self._live(conn, reg_id)
            self._close(conn, found.id, portfolio.REVOKED)
            self.trail.write(conn, "revoke client link", reg_id)
        return found

    def accept_link(self, reg_id: int, checks: ExtraChecks | None = None) -> Record:
        """The client's answers into the registration, as if typed in the wizard, and the
        link closed. Refused while the client has not sent them; InvalidRegistration when
        the registration, finished, would break a rule with them (the link stays)."""
        with self.db.read() as conn:
            found = self._live(conn, reg_id)
            state = self._stored(conn, reg_id)
        if found.state != portfolio.ANSWERED:
            raise Refused(_("#{id}'s client has not sent their answers yet").format(id=reg_id))
        after = rules.accepted(state, found.answers, found.parts, checks)

        def close(conn: Connection, saved: int) -> None:
            still = live(conn, saved, self.cipher)
            if still is None or still.id != found.id or still.state != portfolio.ANSWERED:
                raise Refused(_("#{id}'s client link changed meanwhile; look at it again")
                                .format(id=reg_id))
            self._close(conn, found.id, portfolio.ACCEPTED)

        return self.save_draft(after, reg_id, action="accept client link", also=close)

    def send_back_link(self, reg_id: int, note: str) -> LinkInfo:
        """The client's answers back to them with a note: the link is open again (until it
        expires), their answers as they left them."""
        with self._write() as conn:
            found = self._live(conn, reg_id)
            if found.state != portfolio.ANSWERED:
                raise Refused(_("#{id}'s client has not sent their answers yet")
                                .format(id=reg_id))
            conn.execute(update(CLIENT_LINKS).where(L.id == found.id).values(
                state=portfolio.OPEN, answered_at=None,
                note=self.cipher.seal(note, NOTE) if note else None))
            self.trail.write(conn, "send back client link", reg_id)
            found = live(conn, reg_id, self.cipher) or found
        return found

    # -- the client -------------------------------------------------------------------

    def enter_link(self, token: str, now: datetime | None = None) -> str | None:
        """The token swapped for a session (returned) on its first use; None when it opens
        nothing: unknown, used before, expired, revoked, replaced or accepted."""
        now = now or datetime.now(UTC)
        with self._write() as conn:
            found = by_digest(conn, "token_digest", token, self.cipher)
            if found is None or found.opened_at is not None or not found.usable(now):
                return None
            session = new_secret()
            conn.execute(update(CLIENT_LINKS).where(L.id == found.id).values(
                session_digest=digest(session), opened_at=now))
            self._client_row(conn, "open client link", found.registration_id)
        return session

    def session_link(self, session: str, now: datetime | None = None) -> LinkInfo | None:
        """The link a client's session opens, while it may still be used."""
        with self.db.read() as conn:
            found = by_digest(conn, "session_digest", session, self.cipher)
        return found if found is not None and found.usable(now) else None

    def save_client_answers(self, session: str, answers: Mapping[str, Any],
                            typed: Sequence[str], fields: Sequence[str],
                            now: datetime | None = None) -> LinkInfo:
        """The client's answers for their parts (whole parts), and the paths they typed; an
        audit row names the `fields` that changed."""
        with self._write() as conn:
            found = self._session(conn, session, now)
            if found.state != portfolio.OPEN:
                raise Refused(_("these answers were sent already"))
            kept = {k: v for k, v in answers.items() if k in found.parts}
            conn.execute(update(CLIENT_LINKS).where(L.id == found.id).values(
                answers=seal_answers(kept, self.cipher), typed=sorted(set(typed))))
            if fields:
                self._client_row(conn, "save", found.registration_id, fields)
            return self._session(conn, session, now)

    def send_link(self, session: str, now: datetime | None = None) -> LinkInfo:
        """The client's answers sent to the consultant (checked by the caller first)."""
        now = now or datetime.now(UTC)
        with self._write() as conn:
            found = self._session(conn, session, now)
            if found.state == portfolio.OPEN:
                conn.execute(update(CLIENT_LINKS).where(L.id == found.id).values(
                    state=portfolio.ANSWERED, answered_at=now))
                self._client_row(conn, "send client link", found.registration_id,
                                 [k for k in found.parts if k in found.answers])
            return self._session(conn, session, now)

    def client_checks(self, reg_id: int) -> ExtraChecks:
        """The portfolio's limits as the client's page checks them: against every other
        registration, naming none of them."""
        def check(step: str, answers: Mapping[str, Any]) -> list[Any]:
            keys = self.keys.of(answers)
            with self.db.read() as conn:
                return self.keys.ledger(conn, keys, reg_id).issues(keys, named=False)

        return check

    # -- shared -----------------------------------------------------------------------

    def _live(self, conn: Connection, reg_id: int) -> LinkInfo:
        self._stored(conn, reg_id)  # NotFound for an unknown registration
        found = live(conn, reg_id, self.cipher)
        if found is None:
            raise Refused(_("#{id} has no client link open").format(id=reg_id))
        return found

    def _session(self, conn: Connection, session: str, now: datetime | None) -> LinkInfo:
        found = by_digest(conn, "session_digest", session, self.cipher)
        if found is None or not found.usable(now):
            raise NotFound(_("this link is no longer open"))
        return found

    @staticmethod
    def _close(conn: Connection, link_id: int, state: str) -> None:
        """Closed for good: its session and the answers it held go (they are in the
        registration, in the link that replaced it, or were not wanted)."""
        conn.execute(update(CLIENT_LINKS).where(L.id == link_id).values(
            state=state, session_digest=None, answers={}, typed=[], note=None))

    def _client_row(self, conn: Connection, action: str, reg_id: int,
                    fields: Sequence[str] = ()) -> None:
        self.trail.write_many(conn, [{**self.trail.row(action, reg_id, fields),
                                      "who": CLIENT, "via": CLIENT_LINK}])
