"""Benchmarks, side by side in one run: every figure beside its target and its baseline.

    python benchmarks/bench.py --smoke              # ~200 registrations, nothing enforced (CI)
    python benchmarks/bench.py                      # 100,000 registrations, SQLite
    python benchmarks/bench.py --pg URL             # ... and again on PostgreSQL (URL is
                                                    # a throw-away database: it is emptied)

It generates its data (benchmarks/portfolio_data.py): valid registrations of both paths with
unique emails and account names, administrators and operators' WeChats each shared by up to
5 accounts, dates that make some overdue. The portfolio is filled through the store's batch
import; the figures then come from the commands and the TUI as a user runs them: start-up in
a pseudo-terminal of 120x40 (benchmarks/terminal.py: the console script launched, timed to
its first screen written), the TUI's answers headless at 120x40 (benchmarks/tui_run.py).
Baselines: an empty store, a bare Textual app (Header, DataTable, Footer:
benchmarks/bare_app.py) timed the same way in the same run, `python -c pass` and a bare
argparse program of the same shape (benchmarks/bare_cli.py) beside `--help`, `validate` of
the same files. Timings are wall-clock medians. Without --smoke a figure that misses its
target is marked MISSED and the exit code is 1.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from portfolio_data import TODAY, answers, write_files  # noqa: E402  (beside this file)
from terminal import side_by_side  # noqa: E402

# A throw-away key for the run's stores (a PostgreSQL one is emptied first): never the
# user's key file, and the same key in this process and in every command it starts.
os.environ["ONBOARDING_KEY"] = base64.b64encode(os.urandom(32)).decode()
os.environ.pop("ONBOARDING_KEY_FILE", None)
# Bytecode is written and reused, as for an installed package: a machine that sets
# PYTHONDONTWRITEBYTECODE would otherwise time the compiling of every module at each start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "ONBOARDING_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    baseline: str = ""
    ok: bool | None = None  # None: no target


FIGURES: list[Figure] = []


def report(figure: Figure) -> None:
    FIGURES.append(figure)
    mark = "" if figure.ok is None else ("ok" if figure.ok else "MISSED")
    value = f"{figure.value:,.1f} {figure.unit}"
    print(f"  {figure.name:<44} {value:>14}   {figure.target:<22} {figure.baseline:<30} {mark}",
          flush=True)


def cli() -> list[str]:
    exe = shutil.which("onboarding")
    return [exe] if exe else [sys.executable, "-m", "onboarding"]


def timed(cmd: list[str], runs: int = 1, *, check: bool = True) -> float:
    """Median wall-clock seconds of a command (its output discarded)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=ENV, check=False)
        samples.append(time.perf_counter() - start)
        if check and done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd[:4])}... failed ({done.returncode}): "
                             f"{(done.stderr or done.stdout)[-800:]}")
    return statistics.median(samples)


def fill(url: str, count: int) -> float:
    """Put `count` registrations in the store (its batch import); seconds taken."""
    from onboarding.store import InvalidRegistration, open_store

    store = open_store(url)
    start = time.perf_counter()
    docs: Iterator[tuple[str, Any]] = ((str(i), answers(i)) for i in range(count))
    refused = [(n, o) for n, o in store.add_many(docs) if isinstance(o, InvalidRegistration)]
    elapsed = time.perf_counter() - start
    store.close()
    if refused:
        raise SystemExit(f"generated registration {refused[0][0]} refused: {refused[0][1]}")
    if not url.startswith("sqlite:"):
        at_rest(url)
    return elapsed


def at_rest(url: str) -> None:
    """A PostgreSQL portfolio as its autovacuum leaves it a minute after a big import
    (visibility map set, statistics taken), so the figures are those of a store at rest."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def empty_store(url: str) -> None:
    """A new store at url (a PostgreSQL database is emptied first)."""
    if url.startswith("sqlite:"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    from onboarding.store import open_store

    open_store(url).close()


# -- the TUI, headless ----------------------------------------------------------------

def tui(url: str, mode: str, runs: int) -> dict[str, float]:
    """Medians of the headless TUI's moments, in seconds from the process launch."""
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        start = time.time()
        done = subprocess.run([sys.executable, str(HERE / "tui_run.py"), url, mode],
                              capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)
        if done.returncode != 0:
            raise SystemExit(f"TUI ({mode}) failed: {done.stderr[-1500:]}")
        out = json.loads(done.stdout.strip().splitlines()[-1])
        samples.append({k: (v - start if k in ("first", "shown") else v)
                        for k, v in out.items() if not isinstance(v, str)})
        samples[-1].update({k: v for k, v in out.items() if isinstance(v, str)})  # type: ignore
    keys = samples[0].keys()
    return {k: (statistics.median(s[k] for s in samples)
                if not isinstance(samples[0][k], str) else samples[0][k]) for k in keys}


# -- the run --------------------------------------------------------------------------


def within(value: float, limit: float) -> bool:
    return value <= limit


def run_store(label: str, url: str, empty_url: str, size: int, batch: int, runs: int,
              smoke: bool) -> None:
    def check(ok: bool) -> bool | None:
        return None if smoke else ok

    print(f"\n{label}: {size:,} registrations (+{batch:,} imported)", flush=True)
    print(f"  {'figure':<44} {'measured':>14}   {'target':<22} {'baseline':<30}")
    empty_store(empty_url)
    empty_store(url)
    filled = fill(url, size)
    report(Figure("fill the store (batch import, in process)", size / filled, "reg/s"))
    base = [*cli(), "--db"]

    # The portfolio views: empty store vs full.
    views: list[tuple[str, list[str]]] = [
        ("onboarding list --json", ["list", "--json"]),
        ("onboarding deadlines --within 30", ["deadlines", "--within", "30"]),
        ("onboarding list", ["list"]),
    ]
    for name, args in views:
        empty = timed([*base, empty_url, *args], runs)
        full = timed([*base, url, *args], max(1, runs // 2))
        per = (full - empty) / size * 1e6
        limit = 3.0 if "list" not in name or "--json" in name else None
        report(Figure(name, full, "s", "<= 3 s" if limit else "(no target)",
                      f"empty store {empty:.2f} s", check(full <= limit) if limit else None))
        report(Figure(f"  per registration ({name.split()[1]})", per, "us", "< 50 us", "",
                      check(per < 50)))

    # The 6th account of an administrator: the limit check against the whole store.
    from onboarding.store import open_store

    for store_url, what in ((empty_url, "empty"), (url, "full")):
        store = open_store(store_url)
        sixth = answers((size + batch + 10) // 10 * 10)  # a new China account ...
        sixth["admin"] = copy.deepcopy(answers(0)["admin"])  # ... for group 0's administrator
        samples = []
        for _ in range(21):
            start = time.perf_counter()
            issues = store.cross_account_issues(sixth)
            samples.append(time.perf_counter() - start)
        store.close()
        if what == "empty":
            empty_check = statistics.median(samples) * 1000
            continue
        if not any("already administers 5" in i.message for i in issues):
            raise SystemExit(f"the 6th account was not refused: {issues}")
        full_check = statistics.median(samples) * 1000
        report(Figure("limit check, 6th account of an admin", full_check, "ms", "< 5 ms",
                      f"empty store {empty_check:.2f} ms", check(full_check < 5)))

    # A batch import of more answers files, one command, vs validate of the same files.
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(Path(tmp), range(size, size + batch))
        validate = timed([*cli(), "validate", "-q", *files])
        imported = timed([*base, url, "import", *files])
    rate = batch / imported
    report(Figure(f"import {batch:,} files, one command", rate, "files/s", ">= 500 files/s",
                  f"validate: {batch / validate:,.0f} files/s", check(rate >= 500)))

    # The TUI: launch to the table shown, empty vs full; filter, scroll, cursor.
    tui_runs = max(1, runs // 2)
    tui(empty_url, "empty", 1)  # once first: its bytecode written, as after an install
    plain = tui(empty_url, "plain", tui_runs)
    empty = tui(empty_url, "empty", tui_runs)
    full = tui(url, "full", tui_runs)
    if full["rows"] != size + batch:
        raise SystemExit(f"the TUI shows {full['rows']} rows, not {size + batch}")
    report(Figure("TUI launch to home table shown", full["shown"] * 1000, "ms",
                  "<= 1.5x empty store", f"empty {empty['shown'] * 1000:.0f} ms "
                  f"({full['shown'] / empty['shown']:.2f}x)",
                  check(full["shown"] <= 1.5 * empty["shown"])))
    # Answer times: from the key (the filter: its query, once typing pauses) to the screen
    # settled (benchmarks/tui_run.py).
    for key, what in (("filter_one", "1 match"), ("filter_many", "many match")):
        report(Figure(f"TUI filter answers ({what}: {full[key + '_title'].split('· ')[-1]})",
                      full[key] * 1000, "ms", "<= 100 ms", "", check(full[key] <= 0.1)))
    report(Figure("TUI End key (last of the rows)", full["end"] * 1000, "ms", "(smooth)", ""))
    report(Figure("TUI page up", full["pages"] * 1000, "ms", "(smooth)", ""))
    report(Figure("TUI cursor move", full["cursor"] * 1000, "ms", "(smooth)",
                  f"bare Textual DataTable {plain['cursor'] * 1000:.0f} ms"))


# What each first screen has written once it is whole: its title, a text of its middle and
# its keys line (the home screen's frame: the table comes with the store's rows after it).
BARE_SCREEN = ("Bare Textual", "Next deadline", "palette")
HOME_SCREEN = ("WeChat onboarding", "Filter by client", "Quit")


def bench_startup(runs: int, smoke: bool) -> None:
    """Start-up as a person sees it: `--help` against `python -c pass`, and the TUI's first
    screen in a terminal against a bare Textual app's, each timed the same way in this run."""
    def check(ok: bool) -> bool | None:
        return None if smoke else ok

    bare = timed([sys.executable, "-c", "pass"], runs)
    timed([*cli(), "--help"])  # once first: its bytecode written, as after an install
    helped = timed([*cli(), "--help"], runs)
    argparse_only = timed([sys.executable, str(HERE / "bare_cli.py"), "--help"], runs)
    print("\nstart-up")
    report(Figure("onboarding --help", helped * 1000, "ms", "<= 3x python -c pass",
                  f"python -c pass {bare * 1000:.0f} ms ({helped / bare:.1f}x); bare argparse "
                  f"{argparse_only * 1000:.0f} ms ({argparse_only / bare:.1f}x)",
                  check(helped <= 3 * bare)))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/empty.db"
        empty_store(url)
        ours = [*cli(), "--db", url, "--lang", "en"]  # --lang: whatever the user's settings say
        plain = [sys.executable, str(HERE / "bare_app.py")]
        baseline, first = side_by_side([(plain, BARE_SCREEN), (ours, HOME_SCREEN)], ENV,
                                        max(runs, 5))
    report(Figure("TUI first screen in a terminal (empty store)", first * 1000, "ms",
                  "<= 1.3x bare Textual", f"bare Textual {baseline * 1000:.0f} ms "
                  f"({first / baseline:.2f}x)", check(first <= 1.3 * baseline)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="~200 registrations, targets shown but not enforced (CI)")
    parser.add_argument("--size", type=int, help="registrations in the store (default 100,000)")
    parser.add_argument("--batch", type=int, help="answers files imported on top (default 10,000)")
    parser.add_argument("--pg", metavar="URL",
                        help="also on this PostgreSQL database (emptied first: a throw-away one)")
    parser.add_argument("--runs", type=int, default=5, help="samples per timing (default 5)")
    args = parser.parse_args()
    size = args.size or (200 if args.smoke else 100_000)
    batch = args.batch or (100 if args.smoke else 10_000)
    runs = 1 if args.smoke else args.runs
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; today pinned to "
          f"{TODAY}")
    print(f"{'target' if not args.smoke else 'smoke run: targets shown, not enforced'}")
    bench_startup(3 if args.smoke else 10, args.smoke)
    with tempfile.TemporaryDirectory() as tmp:
        run_store("SQLite", f"sqlite:///{tmp}/full.db", f"sqlite:///{tmp}/empty.db", size,
                  batch, runs, args.smoke)
    if args.pg:
        from sqlalchemy.engine import make_url

        run_store("PostgreSQL", args.pg, _second_pg(make_url(args.pg)), size, batch, runs,
                  args.smoke)
    missed = [f.name for f in FIGURES if f.ok is False]
    if missed and not args.smoke:
        print(f"\nMISSED: {', '.join(missed)}")
        return 1
    return 0


def _second_pg(url: Any) -> str:
    """A second database beside the given one for the empty baseline (created if missing)."""
    from sqlalchemy import create_engine, text

    name = f"{url.database}_empty"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": name}).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any reason: one line, no traceback
        raise SystemExit(f"cannot create {name} for the empty baseline beside {url.database}: "
                         f"{str(exc).splitlines()[0]}") from None
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


if __name__ == "__main__":
    raise SystemExit(main())
