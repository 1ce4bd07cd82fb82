"""Benchmarks, side by side in one run: start-up, validate throughput, TUI first screen.

    python benchmarks/bench.py            # all
    python benchmarks/bench.py --runs 20  # more start-up samples

Targets: `onboarding --help` under 5x bare `python -c pass`; validate over 500 files/s
(1,000 generated answers files, one process). Timings are medians of wall-clock runs.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def median_ms(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       env=env)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def generate(folder: Path, count: int) -> list[str]:
    """`count` distinct valid answers files (both paths, unique emails and admins)."""
    sys.path.insert(0, str(ROOT))
    from stdnum.cn import ric

    from onboarding.answers import dump_answers, load_answers

    bases = [load_answers(EXAMPLES / "china.yaml"), load_answers(EXAMPLES / "overseas.yaml")]
    files = []
    for i in range(count):
        data = copy.deepcopy(bases[i % 2])
        data["email"] = f"client{i}@example.com"
        data["client"] = f"Client {i}"
        data["operators"] = []
        if data["entity"] == "china":
            body = f"310104{1950 + i % 50}0101{i % 1000:03d}"
            data["admin"]["id_number"] = body + ric.calc_check_digit(body + "0")
        else:
            data["admin"]["passport_number"] = f"P{i:08d}"
        path = folder / f"{i:04d}.yaml"
        path.write_text(dump_answers(json.loads(json.dumps(data, default=str))))
        files.append(str(path))
    return files


def bench_startup(runs: int) -> None:
    exe = shutil.which("onboarding")
    cli = [exe] if exe else [sys.executable, "-m", "onboarding"]
    bare = median_ms([sys.executable, "-c", "pass"], runs)
    helped = median_ms([*cli, "--help"], runs)
    print(f"start-up   python -c pass        {bare:8.1f} ms")
    print(f"start-up   onboarding --help     {helped:8.1f} ms   ({helped / bare:.1f}x bare; "
          f"target < 5x)")


def bench_validate(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), count)
        exe = shutil.which("onboarding")
        cli = [exe] if exe else [sys.executable, "-m", "onboarding"]
        start = time.perf_counter()
        done = subprocess.run([*cli, "validate", "-q", *files], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
        raise SystemExit("validate failed on generated files")
    print(f"validate   {count} files, one process {elapsed * 1000:8.1f} ms   "
          f"({count / elapsed:.0f} files/s; target > 500)")


def bench_tui(runs: int) -> None:
    """Launch to the first usable screen (home table mounted), headless."""
    code = (
        "import time, asyncio; t0 = time.perf_counter()\n"
        "from onboarding.tui.app import OnboardingApp\n"
        "from onboarding.store import open_store\n"
        "async def go():\n"
        "    app = OnboardingApp(store=open_store(STORE))\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "        print((time.perf_counter() - t0) * 1000)\n"
        "asyncio.run(go())\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = f"sqlite:///{tmp}/bench.db"
        samples = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", code.replace("STORE", repr(store))],
                                 capture_output=True, text=True, env={**os.environ})
            if out.returncode != 0:
                print(f"tui        could not start: {out.stderr.strip().splitlines()[-1:]}")
                return
            samples.append(float(out.stdout.strip().splitlines()[-1]))
    print(f"tui        launch to home screen   {statistics.median(samples):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="start-up samples (default 10)")
    parser.add_argument("--files", type=int, default=1000, help="answers files to validate")
    args = parser.parse_args()
    bench_startup(args.runs)
    bench_validate(args.files)
    bench_tui(max(3, args.runs // 3))


if __name__ == "__main__":
    main()
