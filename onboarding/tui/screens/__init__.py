"""The TUI's screens. The home screen is the first frame; the wizard (with the engine's
models), its review and the error codes load when first opened, through this package's
names (`screens.WizardScreen`): deferred here, once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onboarding.lazy import lazy_names

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


__getattr__ = lazy_names(__name__, _LAZY)
