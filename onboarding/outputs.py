"""Writing the files a person asks for (checklists, answers files, calendars), safely.

One rule for every face: a file is written whole or not at all (a temporary file in the
same folder, then a rename), never through a symbolic link, never over the portfolio's
own store, and never over an existing file unless the person said so (`--force` on the
command line; the TUI asks). The format of an output follows one rule too: an explicit
choice, else the file name's suffix, else a refusal naming the suffixes understood.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from forms.words import either
from onboarding.i18n import N_, _, said


class OutputError(Exception):
    """The file cannot be written as asked: one line for the person (could not run)."""


class OutputExists(OutputError):
    """The file exists and replacing it was not allowed; ask, or add --force."""


def format_for(explicit: str | None, output: str | None, suffixes: Mapping[str, str],
               default: str, *, or_else: str = N_("give --format")) -> str:
    """An output's format: `explicit`, else OUT's suffix, else `default` without a file.

    An unknown suffix is refused rather than guessed, so a file named .pdf or .txt never
    silently receives another format; `or_else` says how else to choose one (a marked text,
    `N_()`: translated here).
    """
    if explicit:
        return explicit
    if not output or output == "-":
        return default
    suffix = Path(output).suffix.lower()
    if suffix not in suffixes:
        raise OutputError(_("{output}: cannot tell the format from {value!r}: the formats are "
                            "{known}; name the file so, or {or_else}")
                            .format(output=output, value=suffix or _("no suffix"),
                                    known=formats_named(suffixes), or_else=_(or_else)))
    return suffixes[suffix]


FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "pdf": "PDF", "yaml": "YAML", "json": "JSON"}


def formats_named(suffixes: Mapping[str, str]) -> str:
    """'HTML (.html, .htm), Markdown (.md, .markdown, .txt) or PDF (.pdf)': each format
    with the suffixes that choose it, in the interface's language."""
    by_format: dict[str, list[str]] = {}
    for suffix, fmt in suffixes.items():
        by_format.setdefault(fmt, []).append(suffix)
    named = [_("{format} ({suffixes})").format(format=FORMAT_NAMES.get(fmt, fmt),
                                               suffixes=_(", ").join(found))
             for fmt, found in by_format.items()]
    return said(either(named))


def _same_file(a: Path, b: Path) -> bool:
    """The same file, however named (relative, through a linked folder, a hard link)."""
    def where(p: Path) -> str:
        return os.path.join(os.path.realpath(p.parent), p.name)

    if where(a) == where(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_target(path: Path, *, force: bool = False, protected: Iterable[Path] = ()) -> None:
    """Refuse what `write_file` would refuse, before any work is done."""
    if "\x00" in str(path):
        raise OutputError(_("{path}: not a file name").format(path=path))
    for guarded in protected:
        if _same_file(path, guarded):
            raise OutputError(_("{path}: that is the portfolio's store (or its key); choose "
                                "another file").format(path=path))
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(_("{path}: cannot write ({strerror})")
                            .format(path=path, strerror=exc.strerror)) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(_("{path}: is a symbolic link; not writing through it (give the "
                                "real path)").format(path=path))
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(_("{path}: is a folder; give a file name").format(path=path))
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(_("{path}: not a regular file (a pipe or device); give a file "
                                "name, or leave out -o to print").format(path=path))
        if not force:
            raise OutputExists(_("{path}: already exists; add --force to replace it")
                                 .format(path=path))
    if not path.parent.is_dir():
        raise OutputError(_("{path}: cannot write (the folder {parent} does not exist)")
                            .format(path=path, parent=path.parent))


def write_file(path: Path, content: str | bytes, *, force: bool = False,
               protected: Iterable[Path] = (), private: bool = False) -> None:
    """Write `content` to `path` atomically, or raise OutputError and leave disk unchanged.

    `protected` are files never to replace (the store and its journals); `private`
    creates the file readable by its owner only (it holds personal data in clear).
    """
    import tempfile  # 2-4 ms (random, weakref; shutil): paid by a file written, not every start

    protected = list(protected)
    check_target(path, force=force, protected=protected)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise OutputError(_("{path}: cannot write ({strerror})")
                            .format(path=path, strerror=exc.strerror)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        if force:
            os.replace(temp, path)  # replaces a name, never follows a link at it
        else:
            _link_new(Path(temp), path)
    except OSError as exc:
        _discard(temp)
        if isinstance(exc, FileExistsError):
            raise OutputExists(_("{path}: already exists; add --force to replace it")
                                 .format(path=path)) from None
        raise OutputError(_("{path}: cannot write ({strerror})")
                            .format(path=path, strerror=exc.strerror)) from None
    except BaseException:
        _discard(temp)
        raise


def _link_new(temp: Path, path: Path) -> None:
    """Give the finished file its name only if nothing took that name meanwhile."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if path.exists() or path.is_symlink():
            raise FileExistsError(path) from None
        os.replace(temp, path)
        return
    _discard(str(temp))


def _discard(temp: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)
