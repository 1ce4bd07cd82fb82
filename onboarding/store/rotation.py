"""Key rotation: everything sealed again with a new key, in one transaction.

Personal answers and the deadline titles that name people are opened with the old key
and sealed with the new one; every person key is re-keyed (`keys.rekey`), so registrations
whose personal data was purged still count in the limits; the earlier keys' person secrets
are kept sealed with the new key; the store records the new fingerprint. The old key opens
nothing in the store afterwards.

`rotate_key` also moves the key files: the new key is written before the transaction (to
this process's own KEYFILE.new.<pid>-<tag>), so a crash can never leave the store sealed
with a key nobody has, and moved into place after it (the old one kept as KEYFILE.old for
earlier backups). A rotation stopped anywhere (`STEPS`) is finished by the next command
that opens the store (`keysource.settle`): the store's recorded fingerprint decides which
file is the key.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import String, bindparam, select, type_coerce, update
from sqlalchemy.engine import Connection

from onboarding.i18n import _
from onboarding.store.connection import PG_ROTATION_LOCK
from onboarding.store.crypto import SEALED, MasterKey, SealError
from onboarding.store.errors import DamagedStore, KeyProblem
from onboarding.store.keys import rekey
from onboarding.store.keysource import (
    ENV,
    OLD,
    clear_abandoned,
    companion,
    install,
    key_lock,
    staging_path,
    write_key_file,
)
from onboarding.store.links import reseal as reseal_links
from onboarding.store.migrations import FINGERPRINT, Opened, retire
from onboarding.store.sealing import DEADLINE_TITLE, reseal_state
from onboarding.store.summary import parse_state
from onboarding.store.tables import DEADLINES, REGISTRATIONS, MetaRow

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


# Where a rotation can stop (a crash, a kill, a full disk), in order; each is recoverable.
STEPS = ("locked", "staged", "committed", "old kept", "installed")


def at_step(step: str) -> None:
    """Called as a rotation reaches each of `STEPS` (the tests stop it there)."""


def rotate_key(store: Store, output: Path | None = None) -> Rotated:
    """A new key for the store; the key file replaced, or the new key written to `output`.

    One rotation at a time: the key file's lock (`keysource.key_lock`, on this machine) and,
    on PostgreSQL, a session advisory lock (across machines) are held from before the new
    key is written until it is in place. The new key goes to this process's own staging
    file; after the commit it is installed only if it is the key the store records.

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
    with ExitStack() as held:
        if path is not None:
            held.enter_context(key_lock(path, store.db.timeout))
        held.enter_context(store.db.session_lock(PG_ROTATION_LOCK, _("a key rotation")))
        at_step("locked")
        old = store.key.fingerprint
        recorded = _recorded(store)
        if recorded != old:
            raise KeyProblem(_("{where}: the store's key was changed since this program opened "
                               "it (it now expects the key {recorded}); nothing was rotated")
                               .format(where=store.where, recorded=recorded))
        if path is not None:
            clear_abandoned(path, old)
        new = MasterKey.generate()
        staged = output if output is not None else staging_path(path or Path())
        try:
            write_key_file(staged, new)
        except FileExistsError:
            raise KeyProblem(_("{staged}: already exists; choose a new file for the new key")
                               .format(staged=staged)) from None
        try:
            at_step("staged")
            store.rotate(new)
        except BaseException:
            if not _uses(store, new):  # never delete a key the store may already need
                staged.unlink(missing_ok=True)
            raise
        at_step("committed")
        if path is not None:
            install(path, staged, new.fingerprint, at_step)
        at_step("installed")
    store.scrub()
    if path is None:
        return Rotated(old, new.fingerprint, staged, None)
    return Rotated(old, new.fingerprint, path, companion(path, OLD))


def _recorded(store: Store) -> str | None:
    """The fingerprint of the key the store records."""
    with store.db.read() as conn:
        return conn.execute(select(MetaRow.value).where(MetaRow.key == FINGERPRINT)
                            ).scalar_one_or_none()


def _uses(store: Store, key: MasterKey) -> bool:
    """Whether the store records this key (True when that cannot be told: keep the file)."""
    try:
        return _recorded(store) == key.fingerprint
    except Exception:
        return True
