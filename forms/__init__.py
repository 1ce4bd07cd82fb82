"""The registration domain: what is asked and what is valid. No UI, no I/O.

Names are imported from their modules on first use, so importing one light module
(`forms.clock`, `forms.rulebook`) does not load pydantic and every model.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing's, without loading typing (see forms.words)
if TYPE_CHECKING:
    from typing import Any

    from forms.issues import Issue
    from forms.registration import (
        VARIANTS,
        ChinaRegistration,
        OverseasRegistration,
        Registration,
        Result,
        json_schema,
        validate,
        validate_step,
    )

_HOMES = {
    "Issue": "forms.issues",
    **dict.fromkeys(
        ("VARIANTS", "ChinaRegistration", "OverseasRegistration", "Registration", "Result",
         "json_schema", "validate", "validate_step"),
        "forms.registration",
    ),
}

__all__ = [
    "VARIANTS",
    "ChinaRegistration",
    "Issue",
    "OverseasRegistration",
    "Registration",
    "Result",
    "json_schema",
    "validate",
    "validate_step",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'forms' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
