"""The standard streams as a command finds them: closed, full, or fine.

A command run with a closed stream (`<&-`, `>&-`) or with its output on a full device
(`>/dev/full`) ends with one line (when standard error can still take it) and exit 2, never
a traceback: `guarded` opens /dev/null on a closed descriptor first (so no file the command
opens takes its number and receives its output), gives a closed standard input as empty,
and marks a write to standard output that fails, which `onboarding.cli.main` then says; a
note or error that standard error cannot take is dropped (the exit code still tells).
Nothing else is changed: a stream that works is used as it is.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator

TYPE_CHECKING = False  # typing's, without loading typing (see forms.words)
if TYPE_CHECKING:
    from typing import Any


class Watched:
    """A standard stream whose failed writes are remembered (`failed`); with `quiet` (the
    standard error: a note nobody can read must not stop the work) they are not raised."""

    def __init__(self, stream: Any, *, quiet: bool = False) -> None:
        self._stream = stream
        self._quiet = quiet
        self.failed: OSError | None = None

    def write(self, data: Any) -> Any:
        try:
            return self._stream.write(data)
        except OSError as exc:
            self.failed = self.failed or exc
            if self._quiet:
                return len(data)
            raise

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            self.failed = self.failed or exc
            if not self._quiet:
                raise

    @property
    def buffer(self) -> Watched:
        """The binary stream underneath (a PDF is written there), watched alike."""
        below = Watched(self._stream.buffer)
        self._below = below
        return below

    def broken(self) -> OSError | None:
        below = getattr(self, "_below", None)
        return self.failed or (below.failed if below is not None else None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Closed(io.TextIOBase):
    """A standard output or error that was closed: every write fails as on a closed file."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    @property
    def buffer(self) -> Closed:
        return self


def _reopen_closed_descriptors() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


@contextlib.contextmanager
def guarded() -> Iterator[tuple[Watched, Watched]]:
    """Standard output and error watched while a command runs (restored after)."""
    _reopen_closed_descriptors()
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the process
    before = sys.stdout, sys.stderr
    out = Watched(sys.stdout if sys.stdout is not None else Closed())
    err = Watched(sys.stderr if sys.stderr is not None else Closed(), quiet=True)
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = before


def silence(stream: Any) -> None:
    """After a failed write: what is still buffered for this descriptor goes to /dev/null,
    so the interpreter's own flush at exit fails no more (Python's advice for EPIPE)."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
