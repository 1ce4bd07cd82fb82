"""Valid answers for both paths, to copy and break in tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from onboarding.answers import load_answers

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def china() -> dict[str, Any]:
    return copy.deepcopy(load_answers(EXAMPLES / "china.yaml"))


def overseas() -> dict[str, Any]:
    return copy.deepcopy(load_answers(EXAMPLES / "overseas.yaml"))
