"""Where the store's key comes from: ONBOARDING_KEY, the key_file setting, or the default
key file in the user config folder, in that order.

A key is made only for a store that has none yet (a new store, or one written before
encryption): then the key file is created, readable by its owner only. A store that has a
key is opened only with that key, checked by its fingerprint; a missing or different key
is one line naming the fingerprint expected, before anything is written.

The key file's companions: PATH.lock (one rotation at a time moves key files: `key_lock`),
PATH.new.<pid>-<tag> (the new key a rotation staged: its own, never another's), PATH.old
(the key before the last rotation). A rotation stopped after its commit is finished by the
next process that finds the key file not holding the key the store expects (`settle`).
Every key file is written owner-only; one others can read is refused (`read_key_file`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from onboarding.i18n import _
from onboarding.locations import default_key_path
from onboarding.settings import SettingsError, settings
from onboarding.store.crypto import KeyFormatError, MasterKey
from onboarding.store.errors import KeyProblem

ENV = "ONBOARDING_KEY"
MAX_KEY_FILE = 1024  # a key file is one line of base64
STAGED, OLD, LOCK = ".new", ".old", ".lock"  # beside the key file (`companion`)


class KeySource:
    """The key this process uses, found (or made) on first need."""

    def __init__(self, key: MasterKey | None = None) -> None:
        self._given = key
        self.created: Path | None = None  # a key file this process made

    # -- where --------------------------------------------------------------------------

    def _settings(self) -> tuple[str | None, Path | None]:
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

    def for_store(self, expected: str, store: str, timeout: float = 30.0) -> MasterKey:
        """The key whose fingerprint the store records; one line and no change otherwise.

        A key file that does not hold it may be in the middle of a rotation: once no
        rotation holds the key's lock, a key file beside it holding the expected key (a
        rotation stopped after its commit) is moved into place (`settle`).
        """
        key = self.find()
        path = self.path()
        if (key is None or key.fingerprint != expected) and path is not None:
            with key_lock(path, timeout):
                key = settle(path, expected) or read_key_file(path)
        hint = _("give it in {ENV} or name its file in the key_file setting "
                 "(`onboarding key show` says where this program looks)").format(ENV=ENV)
        if key is None:
            raise KeyProblem(_("{store}: no key to open this store: it expects the key "
                               "{expected}, and {where} does not exist; {hint}")
                               .format(store=store, expected=expected, where=self.where(),
                                           hint=hint))
        if key.fingerprint != expected:
            raise KeyProblem(_("{store}: wrong key: {where} holds the key {fingerprint}, this "
                               "store expects the key {expected}; {hint}")
                               .format(store=store, where=self.where(),
                                           fingerprint=key.fingerprint, expected=expected,
                                           hint=hint))
        return key


def companion(path: Path, suffix: str) -> Path:
    """A file beside the key file: PATH.old, PATH.lock, a staged PATH.new.<pid>-<tag>."""
    return path.with_name(path.name + suffix)


def staging_path(path: Path) -> Path:
    """Where this process writes a new key before its rotation commits: its own file, so two
    rotations never write (or delete) each other's key."""
    return companion(path, f"{STAGED}.{os.getpid()}-{secrets.token_hex(4)}")


def staged_files(path: Path) -> list[Path]:
    """New keys rotations left beside the key file: PATH.new.<pid>-<tag>, and PATH.new from
    the releases before."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    bare = path.name + STAGED
    return [path.parent / name for name in sorted(names)
            if name == bare or name.startswith(bare + ".")]


@contextmanager
def key_lock(path: Path, timeout: float) -> Iterator[None]:
    """The key file's lock (an exclusive `flock` on PATH.lock), held by a rotation from
    before its new key is written until the key is in place, and by a command that finishes
    a stopped rotation: one of them at a time moves the key files. Without `flock` (Windows)
    nothing is locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    if not path.parent.is_dir():
        yield  # no key file, nothing staged beside it: nothing to move
        return
    lock = companion(path, LOCK)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as exc:
        raise KeyProblem(_("{lock}: cannot lock the key file ({strerror})")
                           .format(lock=lock, strerror=exc.strerror)) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KeyProblem(_("{path}: a key rotation is under way (waited {timeout:g} "
                                       "s); try again when it is done")
                                       .format(path=path, timeout=timeout)) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def settle(path: Path, expected: str) -> MasterKey | None:
    """The key file's key when it is the one the store expects; else a key a rotation staged
    beside it that is (the rotation stopped after its commit), moved into place; else None.

    The store's recorded fingerprint decides: a staged key it does not expect stays where it
    is. Called under `key_lock`.
    """
    key = read_key_file(path)
    if key is not None and key.fingerprint == expected:
        return key
    for staged in staged_files(path):
        try:
            found = read_key_file(staged)
        except KeyProblem:
            continue
        if found is not None and found.fingerprint == expected:
            return install(path, staged, expected)
    return None


def clear_abandoned(path: Path, expected: str) -> None:
    """Remove the keys rotations staged and never committed (killed before the store recorded
    them: no sealed value needs them). Called under `key_lock` by a rotation, when the
    store's recorded key is `expected`; a staged file that cannot be read stays, for a
    person to look at."""
    for staged in staged_files(path):
        try:
            found = read_key_file(staged)
        except KeyProblem:
            continue
        if found is not None and found.fingerprint != expected:
            staged.unlink(missing_ok=True)


def _never(_step: str) -> None:
    return None


def install(path: Path, staged: Path, expected: str,
            step: Callable[[str], None] = _never) -> MasterKey:
    """After a rotation's commit: the staged key becomes the key file, the key it replaces is
    kept as PATH.old (owner-only, for backups made before). Only the key the store expects
    is ever installed; the key file is never missing meanwhile (one rename)."""
    key = read_key_file(staged)
    if key is None or key.fingerprint != expected:
        raise KeyProblem(_("{staged}: does not hold the key the store expects ({expected}); "
                           "not installed").format(staged=staged, expected=expected))
    current = read_key_file(path)
    if current is not None and current.fingerprint != expected:
        write_key_file(companion(path, OLD), current, replace=True)
    step("old kept")
    try:
        os.replace(staged, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise KeyProblem(_("{path}: the store now uses the key in {new}, which could not be "
                           "moved into place ({strerror}); the next command tries again, or "
                           "move it by hand").format(path=path, new=staged,
                                                     strerror=exc.strerror)) from None
    return MasterKey(key.raw, _("the key file {path}").format(path=path))


def read_key_file(path: Path) -> MasterKey | None:
    """The key in a key file; None when there is no such file.

    As ssh does with a private key, a key file others may read, or one in a folder others
    may change (and so replace the key), is refused with the `chmod` that fixes it; so is a
    symbolic link, which could be pointed at another key.
    """
    where = _("the key file {path}").format(path=path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unusable(path, exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise KeyProblem(_("{path}: a folder, not a key file (the key_file setting names "
                               "the file itself)").format(path=path))
        if not stat.S_ISREG(info.st_mode):
            raise KeyProblem(_("{path}: the key file is not a regular file").format(path=path))
        _owner_only(path, info)
        data = b""
        while len(data) <= MAX_KEY_FILE and (chunk := os.read(fd, MAX_KEY_FILE + 1)):
            data += chunk
    except OSError as exc:
        raise _unusable(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > MAX_KEY_FILE:
        raise KeyProblem(_("{path}: not an onboarding key file (too large)").format(path=path))
    try:
        return MasterKey.from_text(data.decode("ascii"), where)
    except (UnicodeDecodeError, KeyFormatError):
        raise KeyProblem(_("{path}: not an onboarding key file (one line of base64 of 32 bytes)")
                           .format(path=path)) from None


def _unusable(path: Path, exc: OSError) -> KeyProblem:
    if exc.errno == errno.ELOOP or path.is_symlink():
        return KeyProblem(_("{path}: the key file is a symbolic link, which could be pointed at "
                            "another key; name the file itself in the key_file setting")
                            .format(path=path))
    return KeyProblem(_("{path}: cannot read the key file ({strerror})")
                        .format(path=path, strerror=exc.strerror))


def _owner_only(path: Path, info: os.stat_result) -> None:
    """Refuse a key file others can read, or one in a folder others can change."""
    if os.name != "posix":
        return  # pragma: no cover - modes are POSIX's
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        raise KeyProblem(_("{path}: others can read the key file (mode {mode}); make it yours "
                           "only: chmod 600 {path}").format(path=path, mode=f"{mode:04o}"))
    _private_folder(path.parent)


def _private_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # pragma: no cover
    try:
        mode = stat.S_IMODE(os.stat(folder).st_mode)
    except OSError:
        return
    if mode & 0o022:
        raise KeyProblem(_("{folder}: others can change the key's folder (mode {mode}), and so "
                           "replace the key; make it yours only: chmod 700 {folder}")
                           .format(folder=folder, mode=f"{mode:04o}"))


def _sync_folder(folder: Path) -> None:
    """A rename made durable (the folder's entry written to disk)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_key_file(path: Path, key: MasterKey, *, replace: bool = False) -> None:
    """Write a key file whole, owner-only; never over another file unless `replace`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _private_folder(path.parent)
        temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
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
            _sync_folder(path.parent)
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
