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


def iso_date(text: str) -> date:
    """argparse type for a day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
