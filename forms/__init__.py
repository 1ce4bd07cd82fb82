"""The registration domain: what is asked and what is valid. No UI, no I/O."""

from forms.issues import Issue
from forms.registration import (
    STEP_FIELDS,
    VARIANTS,
    ChinaRegistration,
    OverseasRegistration,
    Registration,
    Result,
    json_schema,
    validate,
    validate_step,
)

__all__ = [
    "STEP_FIELDS",
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
