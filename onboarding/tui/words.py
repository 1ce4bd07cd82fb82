"""The TUI's words in the language on screen.

Its own strings are English msgids marked with `_()` where shown, or `N_()` where defined
before (class-level bindings, tables) and translated where shown. Fields, steps and choices
are named by the one rule, `forms.words.naming` (the backend's own term alone in a language
the backend speaks, else the name with that term beside it); the helpers here only lay the
two out on screen. The domain's texts (an Issue, a Message, a Term) say themselves in the
language on screen through `say`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from forms.registry import STEP
from forms.words import named, naming
from onboarding import i18n
from onboarding.i18n import N_, _
from onboarding.i18n import said as said  # the TUI says domain texts as the CLI does
from onboarding.portfolio import flow_word
from onboarding.portfolio import status_word as status_word  # the screens say it as the CLI

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

say = _
"""The lookup the domain's texts render with (`issue.render(say)`): `i18n._`, which also
answers its language, its plural rule and how it is written, so a Term names itself."""


def backend_first() -> bool:
    """Whether the language on screen is one the WeChat backend speaks (its own words, such
    as an error code's official text, come first)."""
    return i18n.LANGUAGES[i18n.current()].backend


def term(en: str, zh: str, style: str = "", between: str = "  ") -> Content:
    """A field, step or choice as the screen names it (`forms.words.naming`), in `style`,
    the backend's term dimmed beside it when the language says one."""
    name, beside = naming(en, zh, say)
    return (Content.assemble((name, style), between, (beside, "dim")) if beside
            else Content.styled(name, style))


def term_text(en: str, zh: str, between: str = "  ") -> str:
    """`term` as plain text (radio buttons, options, border titles)."""
    name, beside = naming(en, zh, say)
    return f"{name}{between}{beside}" if beside else name


def one(en: str, zh: str) -> str:
    """One name in the language on screen, without the backend's term beside it."""
    return naming(en, zh, say)[0]


def step_name(step: str | None) -> str:
    """A step as the screen names it in one line ('Administrator (管理员)' or '管理员')."""
    spec: StepSpec | None = STEP.get(step or "")
    if spec is None:
        return step or "-"
    return named(spec.en, spec.zh, say)


flow_name = flow_word  # a path as the screens name it, as the CLI does


def issue_text(issue: Issue) -> str:
    """An issue's message in the words of the language on screen."""
    return issue.text(say)


def described(entity: str | None, issue: Issue) -> str:
    """An issue with the name of its field, in the language on screen."""
    from onboarding.questions import described as named

    return named(entity, issue, issue_text(issue))


def field_name(meta: FieldMeta) -> str:
    """A field in one line: 'Administrator name (管理员姓名)', or in Chinese '管理员姓名'."""
    return named(meta.en, meta.zh, say)


def step_help(step: str, entity: str | None) -> str:
    """The help a consultant gives at a step, in the language on screen."""
    return STEP[step].guidance(entity, say)
