"""Every command with a closed or full standard stream (issue 25): one line (when standard
error can take it) and exit 0, 1 or 2, never a traceback or a changed store file.

The commands run in forked children of one helper process (imports paid once), each child
with its streams as a shell would leave them: `<&-`, `>&-`, `2>&-`, `>/dev/full`,
`2>/dev/full`; each on its own copy of the store and its key.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from onboarding.cli import COMMANDS
from onboarding.locations import default_key_path
from onboarding.store import open_store
from tests.helpers import EXAMPLES, china, overseas

ROOT = Path(__file__).resolve().parent.parent
CHINA = str(EXAMPLES / "china.yaml")

# Every command, as a script would run it (the store has #1 registered and #2 verified).
ARGVS = [
    [], ["new"], ["resume", "1"], ["validate", CHINA], ["validate", "-"],
    ["checklist", "1"], ["checklist", CHINA, "--format", "html"], ["checklist", "1", "-o", "-",
                                                                    "--format", "md"],
    ["advise", "--entity", "china", "--media", "no", "--broadcasts", "rarely", "--advanced",
     "no"], ["advise", "--json", "--entity", "overseas"],
    ["schema"], ["flows"], ["flows", "china", "--diagram"], ["import", CHINA], ["import", "-"],
    ["list"], ["list", "--json"], ["show", "1"], ["export", "1"], ["remove", "1", "--yes"],
    ["remove", "1"], ["purge", "2", "--yes"], ["purge", "2"],
    ["mark", "1", "verified", "--on", "2026-11-24"], ["history"], ["history", "1", "--json"],
    ["deadlines"], ["deadlines", "--ics", "-"], ["errors", "40001"], ["errors", "--search", "菜单"],
    ["key", "show"], ["key", "rotate"], ["config"], ["config", "consultant_name", "Li Wei"],
    ["link", "1"], ["link", "1", "--revoke"], ["serve", "--port", "99999"],
    ["--help"], ["list", "--help"], ["--version"], ["lsit"],
]
MODES = ["stdin closed", "stdout closed", "stdout full", "stderr closed", "stdout and stderr full"]

DRIVER = r"""
import io, json, os, shutil, sys, time, traceback

import onboarding.cli, onboarding.store.store, onboarding.checklist, onboarding.commands.list_
from onboarding.cli import main

base, mode, cases = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
warm = os.path.join(base, "warm")  # the rules, flows and templates loaded once, here
shutil.copytree(os.path.join(base, "config"), os.path.join(warm, "config"))
shutil.copy(os.path.join(base, "p.db"), os.path.join(warm, "p.db"))
os.environ["XDG_CONFIG_HOME"] = os.path.join(warm, "config")
saved = os.dup(1)
null = os.open(os.devnull, os.O_WRONLY)
os.dup2(null, 1)
for argv in (["show", "1"], ["checklist", "1"], ["validate", sys.argv[4]]):
    main(["--db", "sqlite:///" + os.path.join(warm, "p.db"), *argv])
sys.stdout.flush()
os.dup2(saved, 1)
from onboarding.settings import settings
results = []
for n, argv in enumerate(cases):
    here = os.path.join(base, f"case{n}")
    shutil.copytree(os.path.join(base, "config"), os.path.join(here, "config"))
    shutil.copy(os.path.join(base, "p.db"), os.path.join(here, "p.db"))
    started = time.monotonic()
    err_read, err_write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(err_read)
        os.environ["XDG_CONFIG_HOME"] = os.path.join(here, "config")
        os.environ["ONBOARDING_SETTINGS"] = os.path.join(here, "settings.toml")
        settings.cache_clear()
        os.chdir(here)
        os.dup2(err_write, 2)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)  # the command's own output never mixes with the results
        os.close(null)
        full = os.open("/dev/full", os.O_WRONLY)
        if "stdin closed" in mode:
            os.close(0)
            sys.stdin = None
        if "stdout closed" in mode:
            os.close(1)
            sys.stdout = None
        if "stdout" in mode and "full" in mode:
            os.dup2(full, 1)
        if "stderr closed" in mode:
            os.close(2)
            sys.stderr = None
        if "stderr full" in mode or "and stderr full" in mode:
            os.dup2(full, 2)
        os.close(full)
        try:
            code = main(["--db", "sqlite:///" + os.path.join(here, "p.db"), *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            os.write(err_write, traceback.format_exc().encode())
            os._exit(99)
        try:  # as the interpreter does at exit
            if sys.stdout is not None:
                sys.stdout.flush()
            if sys.stderr is not None:
                sys.stderr.flush()
        except BaseException:
            os.write(err_write, b"Traceback: the exit flush failed")
            os._exit(120)
        os._exit(code)
    os.close(err_write)
    with os.fdopen(err_read, "rb") as pipe:
        said = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    results.append([argv, os.waitstatus_to_exitcode(status), said, time.monotonic() - started])
print(json.dumps(results))
"""


def test_every_command_is_listed() -> None:
    named = {argv[0] for argv in ARGVS if argv and not argv[0].startswith("-")}
    assert {c.rstrip("_") for c in COMMANDS} <= named


@pytest.mark.parametrize("mode", MODES)
def test_every_command_with_a_closed_or_full_stream_says_one_line(
        tmp_path: Path, mode: str) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    store.add(china())
    verified = store.add(overseas())
    store.mark(verified.id, "verified", date(2026, 11, 24))
    store.close()
    (tmp_path / "config").mkdir(mode=0o700)
    (tmp_path / "config" / "onboarding").mkdir(mode=0o700)
    key = default_key_path()
    (tmp_path / "config" / "onboarding" / key.name).write_bytes(key.read_bytes())
    (tmp_path / "config" / "onboarding" / key.name).chmod(0o600)
    done = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path), mode, json.dumps(ARGVS),
                           CHINA],
                          capture_output=True, cwd=ROOT, timeout=240, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr.decode()
    for argv, code, err, _took in json.loads(done.stdout):
        assert "Traceback" not in err, (argv, err)
        assert code in (0, 1, 2), (argv, code, err)
        lines = err.splitlines()
        if "stdout" in mode and "stderr" not in mode and code == 2:  # the one error line
            # argparse names the subcommand whose option it refused
            said_by = "onboarding serve: " if argv[:1] == ["serve"] else "onboarding: "
            assert lines[-1].startswith(said_by + "error: "), (argv, err)
            assert all(line.startswith((said_by, "wrote ")) for line in lines), err
