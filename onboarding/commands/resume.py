"""`onboarding resume`: placeholder until its issue lands (owned by another change)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("resume", help="(not built yet)")
    p.set_defaults(run=lambda args: 2)
