"""The TUI's screens. The home screen is the first frame; the wizard (with the engine's
models), its review and the error codes load when first opened, through this package's
names (`screens.WizardScreen`): deferred here, once."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onboarding.tui.screens.errors import ErrorCodesScreen
    from onboarding.tui.screens.review import ReviewScreen
    from onboarding.tui.screens.wizard import WizardScreen

_LAZY = {
    "ErrorCodesScreen": "onboarding.tui.screens.errors",
    "ReviewScreen": "onboarding.tui.screens.review",
    "WizardScreen": "onboarding.tui.screens.wizard",
}

__all__ = [
    "ErrorCodesScreen",
    "ReviewScreen",
    "WizardScreen",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'onboarding.tui.screens' has no attribute {name!r}")
