"""The account-type advisor as a dialog: it asks forms.advisor's questions and shows its
recommendation with the reasons as the answers change; nothing is decided here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, RadioSet, Static, Switch

from forms.advisor import Advice, Recommendation, advise, questions
from forms.steps import ACCOUNT_TYPE_CHOICES
from forms.words import Term
from onboarding.i18n import N_, _
from onboarding.questions import Question
from onboarding.tui.widgets.choice import Answered
from onboarding.tui.widgets.dialogs import Dialog
from onboarding.tui.widgets.field_box import FieldBox
from onboarding.tui.words import said, term_text

# What the dialog starts from when the client was not advised before.
START = {"media": False, "broadcasts": "rarely", "advanced": False}


class AdvisorDialog(Dialog):
    """Dismissed with (account type, advice answers) when the recommendation is used."""

    TALL = 38
    """Rows from which the questions, four reasons and the buttons are all in view at once;
    on a shorter screen the questions scroll (app.tcss, `-short`)."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]

    def __init__(self, entity: str, advice: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.entity = entity
        self.start = {**START, **(advice if isinstance(advice, Mapping) else {})}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog advisor"):
            yield Static(term_text(N_("Which account type?"), "账号类型建议"), classes="title")
            # The questions scroll on a small screen; the advice and the buttons stay in view.
            with VerticalScroll(id="advice-questions", can_focus=False):
                for meta in questions():
                    yield FieldBox(Question((meta.name,), meta), self.start.get(meta.name),
                                   f"advice-{meta.name}")
            yield Static("", id="advice-result", markup=False)
            yield Vertical(id="advice-reasons")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), classes="cancel", id="cancel")
                yield Button(_("Use this type"), variant="primary", id="use-advice")

    def on_mount(self) -> None:
        self.call_later(self.show)
        self.query_one(FieldBox).input.focus()

    async def relabel(self) -> None:
        await super().relabel()
        await self.show()  # composed again, without its advice

    def keep(self) -> None:
        self.start = self.answers().model_dump()

    def answers(self) -> Advice:
        found = {box.question.path[-1]: box.read() for box in self.query(FieldBox)}
        return Advice.model_validate({k: v for k, v in found.items() if v is not None}
                                     | {k: v for k, v in START.items() if found.get(k) is None})

    def recommendation(self) -> Recommendation:
        return advise(self.entity, self.answers())  # type: ignore[arg-type]

    @on(Switch.Changed)
    @on(RadioSet.Changed)
    async def show(self) -> None:
        """The recommendation, each reason on its own lines beside its bullet (a Chinese
        reason has no space to wrap at: after a bullet and a space it went whole to the
        next line, leaving the bullet bare)."""
        advised = self.recommendation()
        self.query_one("#advice-result", Static).update(_("Recommended: {type}").format(
            type=said(Term(*ACCOUNT_TYPE_CHOICES[advised.account_type]))))
        reasons = self.query_one("#advice-reasons", Vertical)
        await reasons.remove_children()
        await reasons.mount_all(
            Horizontal(Static("•", classes="bullet"),
                       Static(said(reason), markup=False, classes="reason-text"),
                       classes="reason") for reason in advised.reasons)

    @on(Answered)
    def _next(self, event: Answered) -> None:
        """On to the next question; after the last, to the primary action (not Cancel)."""
        if event.control is list(self.query(FieldBox))[-1].input:
            self.query_one("#use-advice").focus()
        else:
            self.focus_next()

    @on(Button.Pressed, "#use-advice")
    def _use(self) -> None:
        self.dismiss((self.recommendation().account_type, self.answers().model_dump()))
