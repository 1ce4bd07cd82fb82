"""The TUI's words in the language on screen.

Its own strings are English msgids marked with `_()` where shown, or `N_()` where defined
before (class-level bindings, tables) and translated where shown. Fields, steps and choices
are named as the WeChat backend names them: the English label with the backend's Chinese
term beside it, or in Chinese that term alone (`FieldMeta.zh`, `StepSpec.zh`). The domain's
issues become words in one place, `issue_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from onboarding import i18n
from onboarding.i18n import N_, _

if TYPE_CHECKING:
    from forms.issues import Issue

# Textual's own words that reach the screen (its footer's palette key, its system commands):
# marked here so the catalog holds them; `_()` translates them where they are shown.
TEXTUAL_WORDS = (
    N_("palette"),
    N_("Open the command palette"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
)


def chinese() -> bool:
    return i18n.current() == "zh"


def term(en: str, zh: str) -> Content:
    """A field, step or choice as the screen names it: English with the WeChat backend's
    term dimmed beside it, or in Chinese the backend's term alone."""
    if chinese() and zh:
        return Content(zh)
    return Content.assemble(en, "  ", (zh, "dim")) if zh else Content(en)


def term_text(en: str, zh: str, between: str = "  ") -> str:
    """`term` as plain text (radio buttons, options, border titles)."""
    if chinese() and zh:
        return zh
    return f"{en}{between}{zh}" if zh else en


def one(en: str, zh: str) -> str:
    """One name in the language on screen: the English one or the backend's Chinese one."""
    return zh if chinese() and zh else en


def issue_text(issue: Issue) -> str:
    """An issue's message in the words of the language on screen."""
    return issue.message


def described(entity: str | None, issue: Issue) -> str:
    """An issue with the name of its field, in the language on screen."""
    from onboarding.questions import described as named

    return named(entity, issue, issue_text(issue))


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
