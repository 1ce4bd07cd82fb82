"""Key rotation: everything sealed again with a new key, in one transaction.

Personal answers and the deadline titles that name people are opened with the old key
and sealed with the new one; every person key is re-keyed (`keys.rekey`), so registrations
whose personal data was purged still count in the limits; the earlier keys' person secrets
are kept sealed with the new key; the store records the new fingerprint. The old key opens
nothing in the store afterwards.

`rotate_key` also moves the key files: the new key is written before the transaction
(KEYFILE.new), so a crash can never leave the store sealed with a key nobody has, and
moved into place after it (the old one kept as KEYFILE.old for earlier backups).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import String, bindparam, select, type_coerce, update
from sqlalchemy.engine import Connection

from onboarding.i18n import _
from onboarding.store.crypto import SEALED, MasterKey, SealError
from onboarding.store.errors import DamagedStore, KeyProblem
from onboarding.store.keys import rekey
from onboarding.store.keysource import ENV, install_rotated, write_key_file
from onboarding.store.links import reseal as reseal_links
from onboarding.store.migrations import Opened, retire
from onboarding.store.sealing import DEADLINE_TITLE, reseal_state
from onboarding.store.summary import parse_state
from onboarding.store.tables import DEADLINES, REGISTRATIONS

if TYPE_CHECKING:
    from onboarding.store.store import Store

BATCH = 2000


def rotate(conn: Connection, opened: Opened, new: MasterKey) -> None:
    """Inside the caller's write transaction: seal everything with `new` instead."""
    old = opened.key
    reg = REGISTRATIONS
    changed = []
    for reg_id, text in conn.execute(select(reg.c.id, type_coerce(reg.c.state, String))):
        try:
            state = parse_state(text)
        except ValueError:
            continue  # a damaged registration stays as it is (it is named damaged)
        try:
            changed.append({"row": reg_id, "sealed": reseal_state(state, old.cipher,
                                                                   new.cipher)})
        except SealError as exc:
            raise DamagedStore(_("registration #{reg_id} is damaged ({reason}); the key was not "
                                 "changed").format(reg_id=reg_id, reason=exc)) from None
    _update_many(conn, update(reg).where(reg.c.id == bindparam("row"))
                 .values(state=bindparam("sealed")), changed)
    due = DEADLINES
    titles = []
    for row_id, title in conn.execute(select(due.c.id, due.c.title)
                                      .where(due.c.title.startswith(SEALED))):
        try:
            opened_title = old.cipher.open(title, DEADLINE_TITLE)
        except SealError:
            continue  # unreadable before, unreadable after: the rest is still sealed anew
        titles.append({"row": row_id, "sealed": new.cipher.seal(opened_title, DEADLINE_TITLE)})
    _update_many(conn, update(due).where(due.c.id == bindparam("row"))
                 .values(title=bindparam("sealed")), titles)
    reseal_links(conn, old.cipher, new.cipher)
    rekey(conn, new.person_secret(opened.salt))
    retire(conn, opened, new)


def _update_many(conn: Connection, statement: object, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), BATCH):
        conn.execute(statement, rows[start:start + BATCH])  # type: ignore[call-overload]


@dataclass(frozen=True)
class Rotated:
    """What a rotation did, for the person who asked."""

    old: str  # fingerprints
    new: str
    key_file: Path  # where the new key is now
    kept_old: Path | None  # the old key, for backups made before (a key file only)


def rotate_key(store: Store, output: Path | None = None) -> Rotated:
    """A new key for the store; the key file replaced, or the new key written to `output`.

    A key given in ONBOARDING_KEY cannot be replaced by this program: the new key goes to
    `output` (a new file, owner-only) and every consultant then uses it.
    """
    path = store.key_source.path()
    if path is None and output is None:
        raise KeyProblem(_("the key comes from {ENV}: give a new file for the new key (-o FILE)")
                           .format(ENV=ENV))
    if path is not None and output is not None:
        raise KeyProblem(_("the key is in the key file {path}, which the new key replaces; -o "
                           "is for a key given in {ENV}").format(path=path, ENV=ENV))
    new = MasterKey.generate()
    if output is not None:
        staged = output
    else:
        assert path is not None
        staged = path.with_name(path.name + ".new")
    try:
        write_key_file(staged, new, replace=output is None)
    except FileExistsError:
        raise KeyProblem(_("{staged}: already exists; choose a new file for the new key")
                           .format(staged=staged)) \
            from None
    old = store.key.fingerprint
    try:
        store.rotate(new)
    except BaseException:
        if not _uses(store, new):  # never delete a key the store may already need
            staged.unlink(missing_ok=True)
        raise
    if path is not None:
        install_rotated(path, staged)
    store.scrub()
    if path is None:
        return Rotated(old, new.fingerprint, staged, None)
    return Rotated(old, new.fingerprint, path, path.with_name(path.name + ".old"))


def _uses(store: Store, key: MasterKey) -> bool:
    """Whether the store records this key (True when that cannot be told: keep the file)."""
    from onboarding.store.migrations import FINGERPRINT
    from onboarding.store.tables import MetaRow

    try:
        with store.db.read() as conn:
            recorded = conn.execute(select(MetaRow.value).where(MetaRow.key == FINGERPRINT)
                                    ).scalar_one_or_none()
    except Exception:
        return True
    return recorded == key.fingerprint
