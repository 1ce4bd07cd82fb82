"""One stored registration, read back: its answers, its derived columns, what follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

import forms
from forms.issues import Issue
from forms.registry import START, STEP
from forms.requirements import Requirement, outstanding, owed
from forms.words import Term
from onboarding import portfolio
from onboarding.i18n import _
from onboarding.store.sealing import EDIT
from onboarding.wizard import ExtraChecks, Wizard


@dataclass
class Record:
    """A plain copy: changing it changes nothing in the store."""

    id: int
    client: str
    flow: str | None
    state: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    steps_done: int = 0
    steps_total: int | None = None
    stage: str = portfolio.DRAFT
    registered_on: date | None = None
    verified_on: date | None = None
    obligation_due: date | None = None

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.get("answers", {})

    @property
    def purged(self) -> str | None:
        """The day its personal data was removed (`Store.purge`), or None."""
        return purged_on(self.state)

    def read_only(self) -> str | None:
        """Why the wizard may not edit it, or None."""
        return read_only(self.id, self.state)

    @property
    def edit(self) -> dict[str, Any] | None:
        """The unfinished edit of a finished registration, kept apart from its answers."""
        edit = self.state.get(EDIT)
        return edit if isinstance(edit, dict) else None

    def wizard(self, extra_checks: ExtraChecks | None = None) -> Wizard:
        """The registration as stored: its last valid answers while an edit is unfinished."""
        if extra_checks is None:
            return Wizard.from_state(self.state)
        return Wizard.from_state(self.state, extra_checks)

    def resume(self, extra_checks: ExtraChecks | None = None) -> Wizard:
        """Where `resume` continues: the edit in progress, if there is one."""
        state = self.edit or self.state
        if extra_checks is None:
            return Wizard.from_state(state)
        return Wizard.from_state(state, extra_checks)

    @cached_property
    def _registration(self) -> forms.Registration | None:
        result = self.wizard().result()
        return result.registration if result.ok else None

    def registration(self) -> forms.Registration | None:
        """The validated registration, or None while the answers break a rule."""
        return self._registration

    def progress(self) -> tuple[int, int | None]:
        """(steps done, steps on its path); the total is unknown until an entity is chosen."""
        return self.steps_done, self.steps_total

    def progress_text(self) -> str:
        return progress_text(self.steps_done, self.steps_total)

    @property
    def is_draft(self) -> bool:
        return self.stage == portfolio.DRAFT

    def requirements(self) -> tuple[Requirement, ...]:
        """What it owes, done or not (`forms.requirements.owed`); nothing while a draft."""
        reg = self._registration
        return owed(reg) if reg and not self.is_draft else ()

    def outstanding(self, on: date) -> list[Requirement]:
        """What is still to do on `on`, past due first."""
        return outstanding(self.requirements(), on)

    def next_deadline(self, on: date) -> Requirement | None:
        """The first dated requirement still to do, as the portfolio lists it."""
        return next((r for r in self.outstanding(on) if r.deadline is not None), None)

    def noted(self) -> list[Issue]:
        """What to say after a mark: the warnings about the recorded dates (an approval after
        the verification window closed)."""
        result = self.wizard().result()
        return [i for i in (result.warnings if result else []) if i.path.startswith("lifecycle")]

    def status(self, on: date) -> str:
        return portfolio.status(self.stage, self.obligation_due, on)

    def answers_file(self) -> dict[str, Any]:
        """The answers an export writes: the registration with its marked dates."""
        return self.wizard().registration_answers()

    def step_title(self) -> str:
        """The step `resume` opens on, by the backend's own Chinese title in Chinese."""
        spec = STEP.get((self.edit or self.state).get("current", START))
        return Term(spec.en, spec.zh, paired=False).render(_) if spec else "?"


def progress_text(done: int, total: int | None) -> str:
    return f"{done}/{'?' if total is None else total}"


def purged_on(state: dict[str, Any]) -> str | None:
    day = state.get("purged")
    return day if isinstance(day, str) else None


def read_only(reg_id: int, state: dict[str, Any]) -> str | None:
    """Why a stored registration can no longer be edited (its personal data is gone)."""
    day = purged_on(state)
    if day is None:
        return None

    return _("registration {reg_id}'s personal data was removed on {day}: it can no longer be "
             "edited, but it can still be shown, exported and given a checklist").format(
        reg_id=reg_id, day=day)
