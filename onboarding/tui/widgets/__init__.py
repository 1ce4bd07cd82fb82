"""The TUI's widgets. The home screen's frame needs the header, the footer and the focus
rule only; the dialogs, the link dialog, the advisor and the command palette load when first
opened, through this package's names (`widgets.ConfirmDialog`): deferred here, once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from onboarding.lazy import lazy_names

if TYPE_CHECKING:
    from onboarding.tui.widgets.advisor import AdvisorDialog
    from onboarding.tui.widgets.checklist_dialog import ChecklistDialog
    from onboarding.tui.widgets.dialogs import ConfirmDialog, HistoryDialog, KeysDialog, MarkDialog
    from onboarding.tui.widgets.link_dialog import LinkDialog
    from onboarding.tui.widgets.palette import Palette

_LAZY = {
    "AdvisorDialog": "onboarding.tui.widgets.advisor",
    "ChecklistDialog": "onboarding.tui.widgets.checklist_dialog",
    "ConfirmDialog": "onboarding.tui.widgets.dialogs",
    "HistoryDialog": "onboarding.tui.widgets.dialogs",
    "KeysDialog": "onboarding.tui.widgets.dialogs",
    "MarkDialog": "onboarding.tui.widgets.dialogs",
    "LinkDialog": "onboarding.tui.widgets.link_dialog",
    "Palette": "onboarding.tui.widgets.palette",
}

__all__ = [
    "AdvisorDialog",
    "ChecklistDialog",
    "ConfirmDialog",
    "HistoryDialog",
    "KeysDialog",
    "LinkDialog",
    "MarkDialog",
    "Palette",
]


__getattr__ = lazy_names(__name__, _LAZY)
