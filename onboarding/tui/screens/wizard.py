"""The wizard: one step of the flow at a time, checked as you go, saved after each step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Static

from forms.clock import today
from forms.controls import printable
from forms.registry import STEP
from forms.steps import ACCOUNT_TYPE_CHOICES
from forms.words import naming
from onboarding.i18n import N_, _, ngettext, said_error
from onboarding.store import InvalidRegistration, StoreError
from onboarding.tui.screens.review import ReviewScreen
from onboarding.tui.widgets.advisor import AdvisorDialog
from onboarding.tui.widgets.choice import Answered
from onboarding.tui.widgets.dialogs import ConfirmDialog
from onboarding.tui.widgets.field_box import Edited, FieldBox
from onboarding.tui.widgets.focus import focus_of, refocus
from onboarding.tui.widgets.footer import KeysFooter
from onboarding.tui.widgets.header import TitleBar
from onboarding.tui.widgets.step_form import StepForm
from onboarding.tui.widgets.step_list import StepList
from onboarding.tui.widgets.text import Prose, show
from onboarding.tui.words import (
    described,
    field_name,
    issue_text,
    said,
    say,
    status_word,
    step_help,
    step_name,
    term_text,
)
from onboarding.wizard import Wizard

if TYPE_CHECKING:
    from onboarding.store import Record
    from onboarding.tui.app import OnboardingApp


class WizardScreen(Screen):
    """Drives a `Wizard`; every rule comes from `forms` through it."""

    app: OnboardingApp
    BINDINGS = [
        Binding("ctrl+n", "next", N_("Next"), priority=True),
        Binding("ctrl+b", "back", N_("Back"), priority=True),
        Binding("escape", "close", N_("Close"), tooltip=N_("Save and go back to the portfolio")),
        Binding("f1", "toggle_help", N_("Help")),
        Binding("f3", "advise", N_("Advisor")),  # where the advisor helps (check_action)
        # Said beside the edit it discards (the sidebar): with f3 the footer is full at 80.
        Binding("ctrl+r", "discard", N_("Discard"), tooltip=N_("Discard this edit"),
                show=False),
    ]

    AUTOSAVE_PAUSE = 1.0
    """Seconds after the last change that the step on screen is saved: a crash loses at most
    what was typed in the last second."""

    def __init__(self, record: Record | None = None) -> None:
        super().__init__()
        self._autosave: Timer | None = None
        self.blocked = False  # Next was refused on this step: say what is left to fix
        self.editing = False  # an unfinished edit of a finished registration is on screen
        self.record_id = record.id if record else None
        self.record_dates = (record.registered_on, record.verified_on) if record else (None, None)
        # A finished registration is kept as it is while an edit of it is unfinished.
        self.finished = record.status(today()) if record and not record.is_draft else None
        checks = self.app.store_checks(lambda: self.record_id)  # a new one gets its ID later
        self.wizard = record.resume(checks) if record else Wizard(extra_checks=checks)
        self.saved_state = self.wizard.state()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="wizard-body"):
            yield StepList(id="steps")
            with Vertical(id="main"):
                yield Static("", id="step-title")
                yield VerticalScroll(id="form-area", can_focus=False)  # its fields take focus
                yield Static("", id="step-errors", markup=False)
                with Horizontal(id="buttons"):
                    yield Button(_("Advise me…"), id="advise")
                    yield Button(_("← Back"), id="back")
                    yield Button(_("Next →"), id="next", variant="primary")
            yield Prose("", id="help", markup=False)
        yield KeysFooter()

    async def on_mount(self) -> None:
        await self.show_step()

    async def relabel(self) -> None:
        """In the language now on screen, as it was: what is typed (the draft, in the
        engine), the errors shown, the field with focus."""
        self.take_values()
        touched = set(self.form.touched) if self.query(StepForm) else set()
        blocked = self.blocked
        where = focus_of(self)
        await self.recompose()
        await self.show_step(focus=False)
        self.form.touched |= touched
        self.blocked = blocked
        self.show_issues()
        refocus(self, where)

    # -- rendering --------------------------------------------------------------------

    @property
    def form(self) -> StepForm:
        return self.query_one(StepForm)

    async def show_step(self, *, focus: bool = True) -> None:
        """Render the wizard's current step from its answers (focus on its first field to
        fix, else its first field)."""
        step = self.wizard.current
        index = self.show_title()
        area = self.query_one("#form-area", VerticalScroll)
        await area.remove_children()
        form = StepForm(self.wizard.entity, step, self.wizard.answers)
        await area.mount(form)
        self.query_one("#back", Button).disabled = index == 1
        self.query_one("#advise", Button).display = self.wizard.advisable
        self.refresh_bindings()
        self.query_one("#step-errors", Static).update("")
        self.blocked = False
        self.show_help()
        self.refresh_sidebar()
        self.sub_title = printable(self.wizard.answers.get("client") or _("New registration"))
        if step in self.wizard.submitted:  # revisiting: show what is wrong at once
            self.show_issues(everywhere=True)
        else:  # resumed: what is wrong in the answers already given, at once
            form.touched |= {path for path, box in form.boxes() if box.read() is not None}
            self.show_issues(left=True)
        if focus:
            form.focus_first()

    def show_title(self) -> int:
        """'Step 3 of 8': the count follows the path as answers change it."""
        step = self.wizard.current
        spec = STEP[step]
        index = self.wizard.path.index(step) + 1
        name, beside = naming(spec.en, spec.zh, say)
        said = (_("Step {index} of {total}: {step}").format(
                    index=index, total=len(self.wizard.path), step=name)
                if self.wizard.entity else _("Step {index}: {step}").format(index=index,
                                                                            step=name))
        show(self.query_one("#step-title", Static),
             Content.assemble((said, "bold"), "  ", (beside, "dim")) if beside
             else Content.styled(said, "bold"))
        return index

    def refresh_sidebar(self) -> None:
        saved = _(" · saved #{id}").format(id=self.record_id) if self.record_id else ""
        editing = bool(self.finished) and self.wizard.is_draft
        if editing:
            saved += "\n" + _("an edit: #{id} stays {status} until it is finished; "
                              "{key} discards it").format(
                id=self.record_id, status=status_word(self.finished or ""), key="ctrl+r")
        self.query_one(StepList).show(self.wizard, saved)
        if editing != self.editing:
            self.editing = editing
            self.refresh_bindings()  # Discard is offered while there is an unfinished edit

    def show_help(self, box: FieldBox | None = None) -> None:
        text = step_help(self.wizard.current, self.wizard.entity)
        several = len(list(self.form.boxes())) > 1 if self.query(StepForm) else False
        if box is not None and box.question.meta.help and several:
            meta = box.question.meta
            text = _("{field}: {help}").format(field=field_name(meta), help=said(meta.help)) \
                + "\n\n" + text
        show(self.query_one("#help", Static), text)

    def show_issues(self, *, everywhere: bool = False, left: bool = False) -> list:
        """Errors beside their fields; with `everywhere` (Next was pressed, or a step is
        revisited) every field's, and a line that says how many need fixing. Warnings (told,
        never blocking) are looked for when a field is left, not on every key."""
        self.blocked = self.blocked or everywhere  # until the step changes
        issues = self.wizard.check(self.wizard.current)
        if everywhere or left:
            self.form.warned = {w.path: issue_text(w)
                                for w in self.wizard.warnings(self.wizard.current)}
        rest = self.form.show_issues(issues, everywhere=everywhere)
        lines = []
        shown = sum(box.has_class("-invalid") for _, box in self.form.boxes()) + len(rest)
        if self.blocked and shown:
            count = shown  # the fields marked on screen (all of them once Next is pressed)
            lines.append(ngettext("{count} field needs fixing before the next step",
                                  "{count} fields need fixing before the next step",
                                  count).format(count=count))
            lines += [printable(described(self.wizard.entity, i)) for i in rest]
        show(self.query_one("#step-errors", Static), "\n".join(lines))
        return issues

    # -- answering --------------------------------------------------------------------

    def take_values(self) -> None:
        """Copy what is on screen into the draft (unchecked): nothing typed is lost."""
        if self.query(StepForm):
            self.wizard.update(self.form.values())

    @on(Edited)
    def edited(self, event: Edited) -> None:
        self.take_values()
        self.show_issues(left=event.path is not None)
        self.show_title()
        self.refresh_sidebar()
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(self.AUTOSAVE_PAUSE, self.save)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        box = next((a for a in event.widget.ancestors_with_self if isinstance(a, FieldBox)), None)
        self.show_help(box)
        # What has focus is in view, label and error included (a new operator's card too:
        # laid out only after this refresh).
        self.call_after_refresh(self._reveal, box or event.widget)

    def _reveal(self, widget: Widget) -> None:
        if widget.is_attached:
            widget.scroll_visible(animate=False)

    def is_last_answer(self, widget: Widget) -> bool:
        """Whether Enter in `widget` submits the step (it answers last) or moves on."""
        if not self.query(StepForm):
            return True
        inputs = [b.input for _, b in self.form.boxes()]
        if self.form.query("#add-operator"):  # after the last operator: "add another"
            return not inputs
        return not inputs or widget is inputs[-1]

    def confirmed(self, widget: Widget) -> None:
        """Enter in a field that is not the last: on to the next at once (keys typed next
        land there), and the step's answers saved now, so that a crash loses only the field
        being typed, never an answer confirmed."""
        self.focus_next()
        self.take_values()
        self.save()

    @on(Answered)
    async def enter_pressed(self, event: Answered) -> None:
        """Enter in the last field submits the step; in the others it moved focus on at once
        (`choice.answered`), in every kind of field alike."""
        if self.is_last_answer(event.control):
            await self.action_next()
        else:
            self.focus_next()

    @on(Button.Pressed, "#next")
    async def action_next(self) -> None:
        self.take_values()
        issues = self.wizard.submit()
        if issues:
            self.show_issues(everywhere=True)
            self.form.focus_first(select=True)
            self.app.bell()
            self.refresh_sidebar()
            return
        if not self.save():
            await self.show_step()  # the step refused, with what was typed
            return
        if self.wizard.complete and self.wizard.next_step() is None:
            self.open_review()
            return
        await self.show_step()

    @on(Button.Pressed, "#back")
    async def action_back(self) -> None:
        self.take_values()
        self.wizard.back()
        self.save()
        await self.show_step()

    @on(StepList.Jump)
    async def jump(self, event: StepList.Jump) -> None:
        await self.go_to(event.step)

    async def go_to(self, step: str) -> None:
        self.take_values()
        if step == self.wizard.current and self.query(StepForm):
            self.form.focus_first()  # the step on screen stays as typed
            return
        if self.wizard.go_to(step):
            self.save()
            await self.show_step()
        elif step not in self.wizard.path:
            self.notify(_("{step} is not on this client's path").format(step=step_name(step)),
                        severity="warning")
        else:
            self.notify(_("Finish the steps before it first"), severity="warning")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The advisor's key shows only where the advisor helps; discarding is for an edit
        of a finished registration only."""
        if action == "advise":
            return self.wizard.advisable
        return self.editing if action == "discard" else True

    @on(Button.Pressed, "#advise")
    def action_advise(self) -> None:
        if not self.wizard.advisable:
            return
        self.take_values()
        self.app.push_screen(AdvisorDialog(self.wizard.entity or "china",
                                           self.wizard.answers.get("advice")),
                             self._advised)

    async def _advised(self, advised: tuple[str, dict] | None) -> None:
        """Take the advisor's type and record its answers; the checklist says why."""
        if advised is None:
            return
        account_type, advice = advised
        self.wizard.update({"account_type": account_type, "advice": advice})
        self.save()
        await self.show_step()
        en, zh = ACCOUNT_TYPE_CHOICES[account_type]
        self.notify(_("Account type: {type}, as advised").format(type=term_text(en, zh, " ")),
                    timeout=4)

    def open_review(self) -> None:
        self.app.push_screen(ReviewScreen(self))

    async def action_close(self) -> None:
        self.take_values()
        self.save()
        self.dismiss()

    @work
    async def action_discard(self) -> None:
        """Drop the changes: the registration stays as it was before this edit."""
        client = printable(self.wizard.answers.get("client") or "")
        if not await self.app.push_screen_wait(ConfirmDialog(
                lambda: _("Discard the changes to #{id} {client}? It stays as it was before "
                          "this edit.").format(id=self.record_id, client=client),
                yes=N_("Discard"))):
            return
        try:
            self.app.store.discard_edit(self.record_id or 0)
        except StoreError as exc:
            self.notify(_("Could not discard: {reason}").format(reason=printable(said_error(exc))),
                        severity="error", markup=False)
            return
        self.notify(_("Changes discarded: #{id} {client} is as it was").format(
            id=self.record_id, client=client), markup=False)
        if self._autosave is not None:
            self._autosave.stop()
        self.saved_state = self.wizard.state()  # nothing left to save on the way out
        self.dismiss()

    def action_toggle_help(self) -> None:
        """Narrow terminals: show all of the help; wide ones: hide or show the panel."""
        help_panel = self.query_one("#help")
        help_panel.toggle_class("-expanded" if self.has_class("-narrow") else "-hidden")

    # -- saving -----------------------------------------------------------------------

    def save(self) -> bool:
        """Autosave into the store; a failure is shown and the answers stay on screen.

        Answers the store refuses as a complete registration are kept as unfinished (the
        steps they belong to open again): what is typed is never lost.
        """
        if self._autosave is not None:
            self._autosave.stop()  # this is the pending save: it would say it all again
        state = self.wizard.state()
        if state == self.saved_state and self.record_id is not None:
            self.app.worked_on = self.record_id
            return True
        if self.record_id is None and not self.wizard.worth_keeping:
            return True
        try:
            record = self.app.store.save_draft(state, self.record_id)
        except InvalidRegistration as exc:
            reopened = self.wizard.reopen(exc.issues)
            self.notify(_("Kept unfinished: {reason}").format(reason=_("; ").join(
                printable(described(self.wizard.entity, i)) for i in exc.issues)),
                severity="error", timeout=10, markup=False)
            if reopened:
                self.save()
            return False
        except StoreError as exc:
            self.notify(_("Could not save: {reason}").format(reason=printable(said_error(exc))),
                        severity="error", timeout=10, markup=False)
            return False
        self.record_id = self.app.worked_on = record.id
        self.saved_state = state
        return True
