"""The wizard's sidebar: every step with its state, and the progress so far."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, ListItem, ListView, ProgressBar

from forms.registry import STEP, STEP_IDS
from forms.words import naming
from onboarding.i18n import _
from onboarding.tui.widgets.text import show
from onboarding.tui.words import one, say
from onboarding.wizard import Wizard

MARKS = {"done": "✓", "current": "▶", "ahead": "·", "maybe": "?", "off-path": "–"}


class StepList(Vertical):
    """Done / current / ahead / may come / not on this path; Enter or a click jumps to a step."""

    class Jump(Message):
        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    def compose(self) -> ComposeResult:
        with ListView(id="step-items"):
            for step in STEP_IDS:
                # The backend's term on a second line, unless it is the step's name.
                beside = naming(STEP[step].en, STEP[step].zh, say)[1]
                second = (Label(f"  {beside}", classes="step-zh"),) if beside else ()
                yield ListItem(Label("", classes="step-en"), *second, id=f"step-{step}",
                               name=step)
        yield Label("", id="progress-text")
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="progress")

    def show(self, wizard: Wizard, saved: str = "") -> None:
        for step in STEP_IDS:
            item = self.query_one(f"#step-{step}", ListItem)
            status = wizard.status(step)
            name = one(STEP[step].en, STEP[step].zh)
            show(item.query_one(".step-en", Label), f"{MARKS[status]} {name}")
            for name in MARKS:
                item.set_class(name == status, f"-{name}")
        done, total = wizard.progress
        progress = (_("{done} of {total} done").format(done=done, total=total) if wizard.entity
                    else _("path: choose the entity"))
        show(self.query_one("#progress-text", Label), progress + saved)
        self.query_one(ProgressBar).update(total=total, progress=done)
        items = self.query_one(ListView)
        if not items.has_focus:
            items.index = STEP_IDS.index(wizard.current)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if event.item.name:
            self.post_message(self.Jump(event.item.name))
