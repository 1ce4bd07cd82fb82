"""The TUI's words in the language on screen.

Its own strings are English msgids marked with `_()` where shown, or `N_()` where defined
before (class-level bindings, tables) and translated where shown. Fields, steps and choices
are named as the WeChat backend names them: the English label with the backend's Chinese
term beside it, or in Chinese that term alone (`FieldMeta.zh`, `StepSpec.zh`). The domain's
texts (an Issue, a Message, a Term) say themselves in the language on screen through `say`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from onboarding import i18n
from onboarding.i18n import N_, _
from onboarding.i18n import said as said  # the TUI says domain texts as the CLI does

if TYPE_CHECKING:
    from forms.issues import Issue
    from forms.meta import FieldMeta
    from forms.registry import StepSpec

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

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}  # each language in its own words


say = _
"""The lookup the domain's texts render with (`issue.render(say)`): `i18n._`, which also
answers its language and plural rule, so a Term says the backend's Chinese."""


def chinese() -> bool:
    return i18n.current() == "zh"


def term(en: str, zh: str, style: str = "", between: str = "  ") -> Content:
    """A field, step or choice as the screen names it: English with the WeChat backend's
    term dimmed beside it, or in Chinese the backend's term alone (in `style`)."""
    if chinese() and zh:
        return Content.styled(zh, style)
    return (Content.assemble((en, style), between, (zh, "dim")) if zh
            else Content.styled(en, style))


def term_text(en: str, zh: str, between: str = "  ") -> str:
    """`term` as plain text (radio buttons, options, border titles)."""
    if chinese() and zh:
        return zh
    return f"{en}{between}{zh}" if zh else en


def one(en: str, zh: str) -> str:
    """One name in the language on screen: the English one or the backend's Chinese one."""
    return zh if chinese() and zh else en


def step_name(step: str | None) -> str:
    """A step as the screen names it in one line ('Administrator (管理员)' or '管理员')."""
    from forms.registry import STEP

    spec: StepSpec | None = STEP.get(step or "")
    if spec is None:
        return step or "-"
    return spec.zh if chinese() else f"{spec.en} ({spec.zh})"


def flow_name(flow: str | None) -> str:
    from onboarding.portfolio import flow_word

    return flow_word(flow)


def status_word(status: str) -> str:
    from onboarding.portfolio import status_word as word

    return word(status)


def issue_text(issue: Issue) -> str:
    """An issue's message in the words of the language on screen."""
    return issue.text(say)


def described(entity: str | None, issue: Issue) -> str:
    """An issue with the name of its field, in the language on screen."""
    from onboarding.questions import described as named

    return named(entity, issue, issue_text(issue))


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def field_name(meta: FieldMeta) -> str:
    """A field in one line: 'Administrator name (管理员姓名)', or in Chinese '管理员姓名'."""
    return meta.zh if chinese() and meta.zh else (f"{meta.en} ({meta.zh})" if meta.zh
                                                  else meta.en)


def step_help(step: str, entity: str | None) -> str:
    """The help a consultant gives at a step, translated first, then its figures filled."""
    from forms.figures import fill
    from forms.registry import STEP

    spec = STEP[step]
    return fill(_(spec.help_for.get(entity or "", spec.help)), say)
