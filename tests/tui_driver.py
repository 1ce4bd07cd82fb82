"""Drive the TUI as a person does: type into fields, pick choices, press keys.

Shared by the pilot tests and the snapshot tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Footer, Input, RadioSet, Select, Static, Switch, TextArea

from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.compat import PALETTE_KEY, FooterKey, notifications
from onboarding.tui.screens.wizard import WizardScreen
from tests.helpers import china, overseas


def notes(app: OnboardingApp) -> list[str]:
    """What the app has told the person in notifications, oldest first."""
    return [str(n.message) for n in notifications(app)]


async def mark_dialog(pilot: Pilot) -> Any:
    """The home screen loaded, then `m`: the mark dialog of the first registration."""
    from onboarding.tui.widgets.dialogs import MarkDialog

    await home_loaded(pilot)
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MarkDialog)
    return pilot.app.screen


async def home_loaded(pilot: Pilot, *, typed: bool = False) -> None:
    """The home screen loads the portfolio in a worker (after `typed`: once typing pauses)."""
    from onboarding.tui.screens.home import FILTER_PAUSE, HomeScreen

    if typed:
        await pilot.pause(FILTER_PAUSE)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, HomeScreen):  # the load starts after a refresh, shows after another
        await until(pilot, lambda: screen.view is not None and screen.shown is screen.view
                    and not any(w.is_running for w in pilot.app.workers))
        await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (a timer fired, a worker finished)."""
    waited = 0.0
    while not condition():
        assert waited < timeout, "the app never got there"
        await pilot.pause(0.02)
        waited += 0.02


async def palette_found(pilot: Pilot, text: str) -> None:
    """Type into the open command palette and wait until its first command is `text`
    (the palette searches in the background)."""
    from textual.command import CommandList

    await pilot.press(*text)

    def found() -> bool:
        lists = pilot.app.screen.query(CommandList)
        if not lists or lists.first().option_count == 0:
            return False
        first = lists.first().get_option_at_index(0).prompt
        return text in getattr(first, "plain", str(first))

    await until(pilot, found)


def app_for(store: Store, tmp_path: Path, **kwargs: object) -> OnboardingApp:
    """The app on a test's store, writing checklists into its temporary folder."""
    return OnboardingApp(store, checklist_folder=tmp_path, **kwargs)  # type: ignore[arg-type]


def error_of(screen: object, dom: str) -> str:
    """The error shown beside a field ('' when it has none)."""
    from onboarding.tui.widgets.field_box import FieldBox

    box = screen.query_one(f"#box-{dom}", FieldBox)  # type: ignore[attr-defined]
    return str(box.query_one(".field-error", Static).render()) if box.has_class("-invalid") else ""


async def open_screen(pilot: Pilot, screen_name: str) -> None:
    """From an app opened on a registration: stay on its step ('wizard'), go on to the
    review, or start an edit at the account type ('editing', the screen with most keys)."""
    await home_loaded(pilot)
    if screen_name == "review":
        await next_step(pilot)
    if screen_name == "editing":
        await wizard(pilot).go_to("account_type")
        await fill(pilot, {"account_type": "subscription"})
        assert "ctrl+r" in pilot.app.screen.active_bindings


async def footer_keys_fit(pilot: Pilot, shows: Callable[[set[str]], object] = bool
                          ) -> list[Any]:
    """The footer's keys, each asserted to end before the palette key; returns them. The
    footer composes its keys again when the screen's bindings change (a new step, another
    language): this waits until it has them laid out and they are what `shows` expects of
    their keys and words (a timeout fails the test), never for a fixed time."""
    from textual.widgets import Footer

    footer = pilot.app.screen.query_one(Footer)

    def laid_out() -> bool:
        palettes = footer.query(f".{PALETTE_KEY}")
        keys = [k for k in footer.query(FooterKey) if not k.has_class(PALETTE_KEY)]
        said = {k.key for k in keys} | {k.description for k in keys}
        return (bool(palettes) and bool(keys) and all(k.region.right > 0 for k in keys)
                and bool(shows(said)))

    await until(pilot, laid_out)
    keys = [k for k in footer.query(FooterKey) if not k.has_class(PALETTE_KEY)]
    palette = footer.query_one(f".{PALETTE_KEY}")
    assert keys and all(0 < k.region.right <= palette.region.x for k in keys)
    return keys


def screen_lines(app: OnboardingApp) -> list[str]:
    """What the terminal shows, line by line (a wide character once)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def wizard(pilot: Pilot) -> WizardScreen:
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen), type(screen).__name__
    return screen


async def fill(pilot: Pilot, answers: dict[str, Any], *, typed: bool = False) -> None:
    """Answer fields by their path ('admin-mobile'): choices are clicked, text is entered.

    Text is pasted into the focused field in one go (Textual dispatches a simulated key in
    tens of milliseconds); `typed=True` presses one key per character, for the tests where
    typing itself is the point.
    """
    screen = wizard(pilot)
    for dom, value in answers.items():
        widget = screen.query_one(f"#in-{dom}")
        if isinstance(widget, Input | TextArea):
            widget.focus()
            await pilot.pause()
            widget.clear()
            if typed and value:
                await pilot.press(*value)
            elif value and isinstance(widget, TextArea):
                widget.insert(value)
            elif value:
                widget.insert_text_at_cursor(value)
        elif isinstance(widget, RadioSet):
            button = next(b for b in widget.query("RadioButton") if b.name == value)
            button.scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click(button)
        elif isinstance(widget, Select):
            widget.focus()
            widget.value = value
        elif isinstance(widget, Switch) and widget.value != value:
            widget.scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click(widget)
        await pilot.pause()


async def next_step(pilot: Pilot) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()


async def add_operator(pilot: Pilot, name: str, wechat_id: str, term: str, added_on: str
                       ) -> None:
    screen = wizard(pilot)
    screen.query_one("#add-operator").scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click("#add-operator")
    await pilot.pause()
    row = list(screen.query("OperatorRow"))[-1]
    for cls, value in (("q-name", name), ("q-wechat_id", wechat_id), ("q-added_on", added_on)):
        field = row.query_one(f".{cls}", Input)
        field.focus()
        await pilot.pause()
        field.insert_text_at_cursor(value)
    radio = row.query_one(".q-term", RadioSet)
    radio.scroll_visible(animate=False)
    await pilot.pause()
    await pilot.click(next(b for b in radio.query("RadioButton") if b.name == term))
    await pilot.pause()


CHINA_STEPS: list[dict[str, Any]] = [
    {"client": "Lotus Tea", "entity": "china"},
    {"account_type": "service"},
    {"email": "wechat@lotustea.cn"},
    {"region": "CN"},
    {
        "organization-type": "enterprise",
        "organization-name": "上海莲花茶业有限公司",
        "organization-registration_number": "91310115MA1H7GXX0A",
        "admin-name": "王芳",
        "admin-id_number": "310104199001011233",
        "admin-mobile": "+86 139 1234 5678",
    },
    {"authentication": "wechat_verification"},
    {
        "profile-name": "莲花茶业LotusTea",
        "profile-introduction": "莲花茶业官方服务号：新品与会员服务。",
        "profile-operating_area": "Shanghai",
    },
    {"verification-registered_on": "2026-11-20"},
]

OVERSEAS_STEPS: list[dict[str, Any]] = [
    {"client": "Nordlicht", "entity": "overseas"},
    {"account_type": "service"},
    {"email": "wechat@nordlicht.de"},
    {"region": "DE"},
    {
        "organization-name": "Nordlicht Outdoor GmbH",
        "organization-registration_number": "München HRB 123456",
        "admin-name": "Jonas Weber",
        "admin-passport_number": "C01X00T47",
        "admin-mobile": "+49 151 23456789",
    },
    {
        "profile-name": "NordlichtOutdoor",
        "profile-introduction": "Outdoor gear from Munich.",
        "profile-operating_area": "Germany",
    },
    {"verification-requested": True},
]


async def walk(pilot: Pilot, steps: list[dict[str, Any]], *, typed: bool = False) -> list[str]:
    """From the home screen: `n`, then answer and submit each step; the steps seen, in order."""
    await home_loaded(pilot)
    await pilot.press("n")
    await pilot.pause()
    seen = []
    for answers in steps:
        seen.append(wizard(pilot).wizard.current)
        await fill(pilot, answers, typed=typed)
        await next_step(pilot)
    return seen


def answers_of(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The driver's steps (fields by DOM path, 'admin-mobile') as answers, step by step."""
    found = []
    for step in steps:
        answers: dict[str, Any] = {}
        for dom, value in step.items():
            key, _, field = dom.partition("-")
            if field:
                answers.setdefault(key, {})[field] = value
            else:
                answers[key] = value
        found.append(answers)
    return found


async def start_new(pilot: Pilot, steps: list[dict[str, Any]]) -> WizardScreen:
    """The wizard on a new registration whose first `steps` are answered, as `walk` leaves it.

    The steps are submitted to the engine and saved as the wizard's autosave would, then the
    wizard opens on them: a test about one step does not type its way through the others
    (`walk` does that, for the tests about the way there).
    """
    from onboarding.wizard import Wizard

    await home_loaded(pilot)
    engine = Wizard()
    for answers in answers_of(steps):
        assert engine.submit(answers) == [], (engine.current, engine.check(engine.current))
    store = pilot.app.store  # type: ignore[attr-defined]
    record = store.save_draft(engine.state())
    pilot.app.open_wizard(store.get(record.id))  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen))
    await pilot.pause()
    return wizard(pilot)


# -- shared fixtures of the screens' tests ---------------------------------------------------

MARKUP = "ACME [/HK] [red]x[/red] [link=https://evil.example]y[/link]"
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
RAW = ("\x1b", "\x07", "\x9b")


def portfolio(tmp_path: Path) -> tuple[str, Store]:
    """#1 China (registered), #2 overseas (verified)."""
    url = f"sqlite:///{tmp_path / 'portfolio.db'}"
    store = open_store(url)
    store.add(china())
    record = store.add(overseas())
    store.mark(record.id, "verified", date(2026, 11, 24))
    return url, store


def hostile_app(tmp_path: Path, name: str = "portfolio.db") -> tuple[OnboardingApp, Store]:
    store = open_store(f"sqlite:///{tmp_path / name}")
    return OnboardingApp(store, checklist_folder=tmp_path), store


def no_raw_controls(app: OnboardingApp) -> None:
    """What the terminal would receive for the whole screen holds no control character."""
    screen = app.export_screenshot()
    for char in RAW:
        assert char not in screen


def footer_clipped(pilot: Pilot) -> list[str]:
    """The footer's keys that do not end before the palette's key (cut off at 80 columns)."""
    footer = pilot.app.screen.query_one(Footer)
    keys = [k for k in footer.query(FooterKey) if not k.has_class(PALETTE_KEY)]
    palette = footer.query(f".{PALETTE_KEY}")
    end = palette.first().region.x if palette else footer.region.right
    return [f"{k.key_display} {k.description}" for k in keys if not 0 < k.region.right <= end]
