"""Start-up as a person sees it: a program run in a pseudo-terminal, timed to its first screen.

    python benchmarks/terminal.py [--runs N] -- COMMAND...   # prints the median, in ms

The program gets a real terminal (a pty of 120x40, TERM=xterm-256color, as tmux gives it),
so Textual runs its own driver, not the test harness: the clock runs from the process's
launch to the moment the terminal has received every marker text of the first screen (the
escape sequences that position and colour them removed). Textual writes a frame in one
piece, so the last marker's arrival is the frame's.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence

COLUMNS, LINES = 120, 40
# CSI sequences (colours, cursor moves, modes), OSC ones (titles), and lone escapes.
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


class NeverShown(Exception):
    """The program ended, or the time ran out, before its first screen was written."""


def first_screen(cmd: Sequence[str], markers: Sequence[str], env: Mapping[str, str],
                 *, cwd: str | None = None, timeout: float = 30.0) -> float:
    """Seconds from launching `cmd` in a 120x40 pty to every marker written to it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    wanted = [marker.encode() for marker in markers]
    env = {k: v for k, v in env.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env |= {"TERM": "xterm-256color"}
    start = time.perf_counter()
    process = subprocess.Popen(  # its own session, the pty its controlling terminal
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, close_fds=True,
        start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    seen = b""
    try:
        while True:
            left = start + timeout - time.perf_counter()
            if left <= 0:
                raise NeverShown(f"no first screen in {timeout:.0f} s: {_tail(seen)}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program ended: its side of the pty is closed
                chunk = b""
            if not chunk:
                raise NeverShown(f"ended before its first screen: {_tail(seen)}")
            seen += chunk
            text = ESCAPES.sub(b"", seen)
            if all(marker in text for marker in wanted):
                return time.perf_counter() - start
    finally:
        _stop(process, master)


def _stop(process: subprocess.Popen[bytes], master: int) -> None:
    """ctrl+q (Textual's quit), then a kill if it has not ended in a few seconds; what it
    still writes is read so that it never blocks on a full pty."""
    with contextlib.suppress(OSError):
        os.write(master, b"\x11")
    end = time.monotonic() + 5
    while process.poll() is None and time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    os.close(master)


def _tail(seen: bytes) -> str:
    return ESCAPES.sub(b"", seen)[-400:].decode(errors="replace").strip() or "(nothing)"


def median_first_screen(cmd: Sequence[str], markers: Sequence[str], env: Mapping[str, str],
                        runs: int, *, cwd: str | None = None) -> float:
    return statistics.median(first_screen(cmd, markers, env, cwd=cwd) for _ in range(runs))


Program = tuple[Sequence[str], Sequence[str]]  # a command and the markers of its first screen


def side_by_side(programs: Sequence[Program], env: Mapping[str, str], runs: int) -> list[float]:
    """Each program's median over `runs`, their runs taken in turns, so that a machine busy
    for a while slows them alike (after one run each that is not counted: bytecode)."""
    samples: list[list[float]] = [[] for _ in programs]
    for turn in range(runs + 1):
        for kept, (cmd, markers) in zip(samples, programs, strict=True):
            took = first_screen(cmd, markers, env)
            if turn:
                kept.append(took)
    return [statistics.median(kept) for kept in samples]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--marker", action="append", required=True,
                        help="a text of the first screen (repeat for several)")
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    print(f"{median_first_screen(args.command, args.marker, os.environ, args.runs) * 1000:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
