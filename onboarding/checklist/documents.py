"""Which checklist a registration gets, in which format, under which name: one rule for
the command line and the terminal UI alike.

A finished registration (not a draft, by the wizard's rule `Wizard.is_draft`) gets the
whole checklist. A draft whose answers so far are all right gets the "prepare" checklist:
what to have ready for its path and the steps ahead. A draft with a wrong answer gets
none until it is fixed (`NotReady` lists what is wrong). An answers file is judged as the
wizard would judge it with every step answered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from forms.issues import Issue
from forms.registry import START, STEP_IDS
from onboarding.checklist.model import Checklist, Consultant, build, build_draft
from onboarding.i18n import Language
from onboarding.wizard import Wizard

# The file name's suffix -> the format written (an unknown suffix is refused, not guessed).
SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "md",
            ".pdf": "pdf"}


class NotReady(Exception):
    """A draft with wrong answers: no checklist until they are fixed."""

    def __init__(self, errors: Sequence[Issue]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = list(errors)


def from_answers(answers: Mapping[str, Any]) -> Wizard:
    """An answers file as the wizard holds it: every step given (a missing answer makes it
    a draft, a wrong one a draft with errors)."""
    return Wizard(answers, submitted=set(STEP_IDS))


def checklist_for(
    wizard: Wizard,
    *,
    registered_on: date | None = None,
    verified_on: date | None = None,
    reveal: bool = False,
    consultant: Consultant | None = None,
    lang: Language | None = None,
) -> Checklist:
    """The checklist this registration can have now, in `lang` (default: the interface's
    language), telling the wizard's warnings (a stored registration's include the
    portfolio's, about other accounts: `Store.checked`)."""
    if not wizard.is_draft:
        result = wizard.result()
        assert result.registration is not None  # not a draft: every rule passed
        return build(result.registration, registered_on=registered_on,
                     verified_on=verified_on, reveal=reveal,
                     warnings=wizard.warnings(), consultant=consultant,
                     lang=lang)
    wrong = wizard.wrong_answers()
    if wrong:
        raise NotReady(wrong)
    return build_draft(wizard.registration_answers(),
                       [step for step in wizard.path if step != START],
                       reveal=reveal, warnings=wizard.warnings(), consultant=consultant,
                       lang=lang)


def default_path(client: str, fmt: str, folder: Path | None = None) -> Path:
    """`checklist-<client>.<fmt>` in `folder` (the settings' checklist folder), else here."""
    slug = re.sub(r"[^\w-]+", "-", client.strip().lower()).strip("-")[:60] or "client"
    return (folder or Path.cwd()) / f"checklist-{slug}.{fmt}"
