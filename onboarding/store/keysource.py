"""Where the store's key comes from: ONBOARDING_KEY, the key_file setting, or the default
key file in the user config folder, in that order.

A key is made only for a store that has none yet (a new store, or one written before
encryption): then the key file is created, readable by its owner only. A store that has a
key is opened only with that key, checked by its fingerprint; a missing or different key
is one line naming the fingerprint expected, before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from onboarding.i18n import _
from onboarding.store.crypto import KeyFormatError, MasterKey
from onboarding.store.errors import KeyProblem

ENV = "ONBOARDING_KEY"
MAX_KEY_FILE = 1024  # a key file is one line of base64


class KeySource:
    """The key this process uses, found (or made) on first need."""

    def __init__(self, key: MasterKey | None = None) -> None:
        self._given = key
        self.created: Path | None = None  # a key file this process made

    # -- where --------------------------------------------------------------------------

    def _settings(self) -> tuple[str | None, Path | None]:
        from onboarding.settings import SettingsError, settings

        try:
            found = settings()
        except SettingsError as exc:
            raise KeyProblem(str(exc)) from None
        text = found.key.get_secret_value() if found.key is not None else None
        return text or None, found.key_file.expanduser() if found.key_file else None

    def path(self) -> Path | None:
        """The key file in use (None when the key comes from the environment)."""
        if self._given is not None:
            return None
        text, key_file = self._settings()
        if text:
            return None
        if key_file is not None:
            return key_file
        from onboarding.locations import default_key_path

        return default_key_path()

    def where(self) -> str:
        """Where the key lives, for people."""
        if self._given is not None:
            return self._given.source
        if self._settings()[0]:
            return ENV
        return _("the key file {path}").format(path=self.path())

    # -- reading and making ------------------------------------------------------------

    def find(self) -> MasterKey | None:
        """The key, or None when none exists yet (never makes one)."""
        if self._given is not None:
            return self._given
        text, _where = self._settings()
        if text:
            try:
                return MasterKey.from_text(text, ENV)
            except KeyFormatError as exc:
                raise KeyProblem(str(exc)) from None
        path = self.path()
        assert path is not None
        return read_key_file(path)

    def for_new_store(self) -> MasterKey:
        """The key for a store that has none yet: found, or made in the key file."""
        key = self.find()
        if key is not None:
            return key
        path = self.path()
        assert path is not None
        key = create_key_file(path)
        self.created = path
        return key

    def for_store(self, expected: str, store: str) -> MasterKey:
        """The key whose fingerprint the store records; one line and no change otherwise."""
        key = self.find()
        hint = _("give it in {ENV} or name its file in the key_file setting "
                 "(`onboarding key show` says where this program looks)").format(ENV=ENV)
        if key is None:
            raise KeyProblem(_("{store}: no key to open this store: it expects the key "
                               "{expected}, and {where} does not exist; {hint}")
                               .format(store=store, expected=expected, where=self.where(),
                                           hint=hint))
        if key.fingerprint != expected:
            finished = self._finish_rotation(expected)
            if finished is not None:
                return finished
            raise KeyProblem(_("{store}: wrong key: {where} holds the key {fingerprint}, this "
                               "store expects the key {expected}; {hint}")
                               .format(store=store, where=self.where(),
                                           fingerprint=key.fingerprint, expected=expected,
                                           hint=hint))
        return key

    def _finish_rotation(self, expected: str) -> MasterKey | None:
        """A rotation that stopped after its commit left the new key in KEYFILE.new: use it.

        The store already expects that key; moving the file into place is the step that
        did not happen (the old key goes to KEYFILE.old, as a finished rotation leaves it).
        """
        path = self.path()
        if path is None:
            return None
        new = path.with_name(path.name + ".new")
        try:
            key = read_key_file(new)
        except KeyProblem:
            return None
        if key is None or key.fingerprint != expected:
            return None
        install_rotated(path, new)
        return MasterKey(key.raw, _("the key file {path}").format(path=path))


def read_key_file(path: Path) -> MasterKey | None:
    """The key in a key file; None when there is no such file."""
    where = _("the key file {path}").format(path=path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyProblem(_("{path}: cannot read the key file ({strerror})")
                           .format(path=path, strerror=exc.strerror)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise KeyProblem(_("{path}: the key file is not a regular file").format(path=path))
        data = handle.read(MAX_KEY_FILE + 1)
    if len(data) > MAX_KEY_FILE:
        raise KeyProblem(_("{path}: not an onboarding key file (too large)").format(path=path))
    try:
        return MasterKey.from_text(data.decode("ascii"), where)
    except (UnicodeDecodeError, KeyFormatError):
        raise KeyProblem(_("{path}: not an onboarding key file (one line of base64 of 32 bytes)")
                           .format(path=path)) from None


def write_key_file(path: Path, key: MasterKey, *, replace: bool = False) -> None:
    """Write a key file whole, owner-only; never over another file unless `replace`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.unlink(missing_ok=True)
        fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(key.text() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            if replace:
                os.replace(temporary, path)
            else:
                os.link(temporary, path)  # atomic, and never over a key made meanwhile
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    except FileExistsError:
        raise
    except OSError as exc:
        raise KeyProblem(_("{path}: cannot write the key file ({strerror})")
                           .format(path=path, strerror=exc.strerror)) from None


def create_key_file(path: Path) -> MasterKey:
    """A new key in a new key file; if another process made one first, theirs."""
    key = MasterKey.generate(_("the key file {path}").format(path=path))
    try:
        write_key_file(path, key)
    except FileExistsError:
        found = read_key_file(path)
        if found is None:
            raise KeyProblem(_("{path}: the key file vanished while it was made")
                               .format(path=path)) from None
        return found
    return key


def install_rotated(path: Path, new: Path) -> None:
    """After a rotation's commit: the old key to PATH.old, the new one to PATH."""
    old = path.with_name(path.name + ".old")
    try:
        if path.exists():
            os.replace(path, old)
        os.replace(new, path)
    except OSError as exc:
        raise KeyProblem(_("{path}: the store now uses the key in {new}, which could not be "
                           "moved into place ({strerror}); move it by hand")
                           .format(path=path, new=new, strerror=exc.strerror)) from None
