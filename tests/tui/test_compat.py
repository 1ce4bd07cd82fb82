"""One test per hook of onboarding.tui.compat: each fails when an upgraded Textual or
textual-fastdatatable no longer has what the hook relies on, naming the hook.

A fingerprint test holds a hash of a library method the product copies or stands in for:
when it fails, read the library's new method, bring the hook in step, then the hash."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Footer, Header, Static
from textual_fastdatatable import ArrowBackend, DataTable

from onboarding.tui import compat
from tests.tui_driver import until


def fingerprint(method: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(method).encode()).hexdigest()[:16]


class Bare(App[None]):
    """A bare Textual app: header, footer, one key."""

    BINDINGS: ClassVar = [Binding("x", "press", "Press me", tooltip="Presses")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("before", id="said")
        yield Footer()

    def action_press(self) -> None:
        self.query_one("#said", Static).update("after")


def test_the_copied_palette_countdown_is_textuals_own() -> None:
    """WordedPalette copies CommandPalette._start_no_matches_countdown (textual/command.py)."""
    assert fingerprint(CommandPalette._start_no_matches_countdown) == "0bc07d1794718e89", \
        "Textual changed the palette's no-matches countdown: copy it again into compat"


async def test_the_palette_says_no_matches_in_its_own_words() -> None:
    """The copy runs on Textual's private names (_stop_no_matches_countdown, _NO_MATCHES,
    _list_visible, _no_matches_timer, _NO_MATCHES_COUNTDOWN) and shows our words."""

    class Worded(compat.WordedPalette):
        def no_matches(self) -> str:
            return "nothing like it"

    app = Bare()
    async with app.run_test() as pilot:
        palette = Worded()
        await app.push_screen(palette)
        await pilot.press(*"qqqqzz")
        options = palette.query_one(CommandList)

        def line() -> str:
            found = [options.get_option_at_index(i) for i in range(options.option_count)]
            prompt = next((o.prompt for o in found if o.id == compat.NO_MATCHES), None)
            return getattr(getattr(prompt, "renderable", None), "plain", "")

        await until(pilot, line)
        assert line() == "nothing like it"


def test_the_title_bar_composes_the_header_as_textual_does() -> None:
    """TitleBar yields Header.compose's parts (HeaderIcon bound to Header.icon, HeaderTitle),
    the clock's place taken by the language key; PaletteIcon stands in for HeaderIcon's
    on_mount (its English tooltip)."""
    assert fingerprint(Header.compose) == "68b9b7fb8fd27253", \
        "Textual changed Header.compose: compare TitleBar.compose with it"
    assert fingerprint(compat.HeaderIcon.on_mount) == "bbf9def3012f3d9e", \
        "Textual changed HeaderIcon.on_mount: compare PaletteIcon.on_mount with it"


async def test_the_header_parts_are_the_ones_the_header_shows() -> None:
    app = Bare()
    app.title = "A title"
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.query_one(compat.HeaderIcon).tooltip == "Open the command palette"
        assert "A title" in str(app.screen.query_one(compat.HeaderTitle).render())


async def test_the_footer_keys_carry_their_words_and_the_palette_class() -> None:
    """KeysFooter translates FooterKey's description and tooltip as Footer.compose makes
    them; the tests tell the palette's key by its class."""
    app = Bare()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(compat.FooterKey))
        ours = [k for k in keys if k.description == "Press me"]
        assert ours and ours[0].tooltip == "Presses"
        assert [k for k in keys if k.has_class(compat.PALETTE_KEY)]


async def test_a_fast_table_forgets_the_last_backends_layout() -> None:
    """forget_layout resets textual-fastdatatable's caches, columns, dimensions and update
    count: a new backend is laid out afresh (its columns, not the last one's)."""

    class Table(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(backend=ArrowBackend.from_pydict({"one": [1, 2]}))

    app = Table()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        await pilot.pause()
        assert [str(c.label) for c in table.ordered_columns] == ["one"]
        table.backend = ArrowBackend.from_pydict({"a": ["x"], "b": ["y"], "c": ["z"]})
        assert len(table.ordered_columns) == 1  # what the hook is for: the old layout stays
        compat.forget_layout(table)
        table.refresh()
        await pilot.pause()
        assert [str(c.label) for c in table.ordered_columns] == ["a", "b", "c"]
        assert table.virtual_size.height == 2  # the header and the one row, measured again


async def test_notifications_are_read_as_shown() -> None:
    app = Bare()
    async with app.run_test() as pilot:
        app.notify("saved")
        await pilot.pause()
        assert [str(n.message) for n in compat.notifications(app)] == ["saved"]


async def test_a_key_sent_as_the_terminal_does_is_seen_drawn() -> None:
    """The benchmark's hooks: the app's screen updates (App._display) and its driver."""
    app = Bare()
    async with app.run_test() as pilot:
        await pilot.pause()
        updates: list[Any] = []
        compat.watch_updates(app, updates.append)
        key = events.Key("x", "x")
        key.set_sender(app)
        compat.send_key(app, key)
        await until(pilot, lambda: str(app.query_one("#said", Static).render()) == "after")
        await pilot.pause()
        assert updates
