"""The end of the wizard: every answer by step, what to watch, then the checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from forms.clock import today
from forms.controls import printable
from forms.masking import masked
from forms.registry import STEP, answer_at
from forms.schedule import days_text
from onboarding.checklist.model import obligations
from onboarding.checklist.text import plain
from onboarding.i18n import N_, _
from onboarding.questions import asked_groups, shown
from onboarding.tui.widgets.dialogs import KeysDialog
from onboarding.tui.widgets.focus import focus_of, refocus
from onboarding.tui.widgets.footer import KeysFooter
from onboarding.tui.widgets.header import TitleBar
from onboarding.tui.words import described, said, status_word, term

if TYPE_CHECKING:
    from onboarding.tui.app import OnboardingApp
    from onboarding.tui.screens.wizard import WizardScreen


class ReviewScreen(Screen):
    app: OnboardingApp
    BINDINGS = [
        Binding("w", "write", N_("Write checklist")),
        Binding("f", "finish", N_("Finish")),
        Binding("v", "reveal", N_("Numbers"),
                tooltip=N_("Show or mask ID, passport and mobile numbers")),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the wizard")),
        Binding("f1", "keys", N_("Keys")),  # f2 and f4 too, which the footer leaves out
    ]

    def __init__(self, wizard_screen: WizardScreen) -> None:
        super().__init__()
        self.wizard_screen = wizard_screen
        self.wizard = wizard_screen.wizard
        self.revealed = False  # personal numbers are masked on screen until asked for

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="review"):
            yield Static(Content.assemble(
                term(N_("Review"), "核对信息", "bold"), "  ",
                _("Check every answer with the client, then write the checklist.")),
                id="review-title")
            for step in self.wizard.path:
                spec = STEP[step]
                with Vertical(classes="review-step", id=f"review-{step}"):
                    with Horizontal(classes="review-head"):
                        yield Static(term(spec.en, spec.zh, "bold"),
                                     classes="review-step-title")
                        yield Button(_("Edit"), id=f"edit-{step}", compact=True)
                    yield Static(self.answers_text(step), classes="review-answers")
            yield Static(self.watch_text(), id="review-watch")
            with Horizontal(id="review-buttons"):
                yield Button(_("Write checklist"), variant="primary", id="write")
                yield Button(_("Finish"), id="finish")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Open at the top, the answers focused: an Enter pressed on (the one that answered
        the last step, or the next) edits nothing; Tab reaches the first Edit button."""
        self.sub_title = printable(self.wizard.answers.get("client") or "")
        self.query_one("#review", VerticalScroll).focus(scroll_visible=False)
        self.query_one("#review", VerticalScroll).scroll_home(animate=False)

    async def relabel(self) -> None:
        """In the language now on screen, scrolled and focused as it was."""
        where = focus_of(self)
        scrolled = self.query_one("#review", VerticalScroll).scroll_y
        await self.recompose()
        self.sub_title = printable(self.wizard.answers.get("client") or "")
        refocus(self, where)
        self.query_one("#review", VerticalScroll).scroll_to(y=scrolled, animate=False)

    # Answers go in as Content (text, never markup) and through `printable`: a client
    # named "[red]x" or "\x1b[2J" shows as itself.

    def answers_text(self, step: str) -> Content:
        answers = self.wizard.registration_answers()
        lines: list[Content | str] = []
        for group in asked_groups(self.wizard.entity, step, answers):
            if group.repeated:
                items = answers.get(group.key) or []
                if not items:
                    lines.append(_("no operators planned yet"))
                for i, item in enumerate(items, 1):
                    parts = [shown(q.meta, item.get(q.path[-1])) for q in group.questions]
                    lines.append(f"{i}. " + printable(" · ".join(parts)))
                continue
            for q in group.questions:
                value = answer_at(answers, q.path)
                value = printable(shown(q.meta, value if self.revealed else masked(q.path, value)))
                lines.append(Content.assemble(term(q.meta.en, q.meta.zh, between=" "), _(": "),
                                                value))
        return Content("\n").join(lines)

    def action_reveal(self) -> None:
        """Show the ID, passport and mobile numbers in full (to check them), or mask them."""
        self.revealed = not self.revealed
        for step in self.wizard.path:
            self.query_one(f"#review-{step} .review-answers", Static).update(
                self.answers_text(step))

    def watch_text(self) -> Content:
        result = self.wizard.result()
        reg = result.registration
        entity = self.wizard.entity
        lines: list[Content | str] = [Content.styled(_("Deadlines, fees and warnings"), "bold")]
        if reg is None:
            lines += [Content.styled(printable(described(entity, i)), "red")
                      for i in result.errors]
            return Content("\n").join(lines)
        found = obligations(reg, *self.wizard_screen.record_dates)  # as the checklist says
        on = today()
        for d in found.dates:  # a passed day says 'past due since', the others how far off
            when = (_("{day} ({days})").format(day=d.due, days=said(days_text((d.due - on).days)))
                    if d.due is not None and d.due >= on else plain(d.when))
            lines.append(_("• {deadline}: {when}").format(deadline=printable(d.title),
                                                        when=printable(when)))
        lines += [f"• {printable(plain(fee))}" for fee in found.fees]
        lines += [Content.styled(f"• {printable(described(entity, i))}", "yellow")
                  for i in self.wizard.warnings()]
        if len(lines) == 1:
            lines.append(_("Nothing dated yet: deadlines start when the account is "
                           "registered."))
        return Content("\n").join(lines)

    @on(Button.Pressed, ".review-head Button")
    def edit(self, event: Button.Pressed) -> None:
        step = (event.button.id or "").removeprefix("edit-")
        self.dismiss()
        self.app.call_later(self.wizard_screen.go_to, step)

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        registered_on, verified_on = self.wizard_screen.record_dates
        self.app.checklist_of(self.wizard, registered_on, verified_on)

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        """Save and go back to the portfolio, saying where the registration went."""
        if not self.wizard_screen.save():
            return
        reg_id = self.wizard_screen.record_id
        if reg_id is not None:
            record = self.app.store.get(reg_id)
            self.app.notify(_("#{id} {client} is saved: {status}. Press c for its checklist, "
                              "r to open it again.").format(
                id=reg_id, client=printable(record.client),
                status=status_word(record.status(today()))), markup=False)
        self.dismiss()
        self.wizard_screen.dismiss()

    def action_back(self) -> None:
        self.dismiss()

    def action_keys(self) -> None:
        KeysDialog.show_for(self)
