"""One module per sub-command: `add_parser(sub)` declares it, `run(args)` runs it.

Modules import only argparse at the top, so building the parser stays fast.
"""

from __future__ import annotations

import argparse
from datetime import date


def registration_id(text: str) -> int:
    """argparse type for a portfolio ID: a positive whole number."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a registration ID (a number, see "
                                         "`onboarding list`)")
    return int(text)


def day_count(text: str) -> int:
    """argparse type for a number of days from today: zero or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (0 or more)")
    return int(text)


def iso_date(text: str) -> date:
    """argparse type for a day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def json_lines(items: list) -> str:
    """A JSON array with one item per line: readable, and written by the C encoder (fast
    for a portfolio of 100,000 where `indent=` would take the pure-Python one)."""
    import json

    if not items:
        return "[]"
    return "[\n" + ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items) \
        + "\n]"


def write_output(output: str | None, text: str, note: str) -> None:
    """Write a command's document to OUT (saying so on stderr), or to stdout without one."""
    import sys
    from pathlib import Path

    from onboarding.cli import CommandError

    if not output:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{output}: cannot write ({exc.strerror})") from None
    print(f"wrote {output} ({note})", file=sys.stderr)
