"""One headless TUI run for the benchmark: `python benchmarks/tui_run.py URL MODE`.

MODE is `plain` (the bare Textual app of benchmarks/bare_app.py), `empty` or `full` (our
app on that store). Prints one JSON line: moments since the epoch (`first`, `shown`) and
answer times in seconds.

An answer time runs from a key (or, for the filter, from the query starting once typing
pauses) to the screen update after which nothing on screen changes any more: what the
person sees settle. It is read from the updates the app sends to the terminal, so the
test harness's own waiting (Pilot waits for the process to go idle) is not counted.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Generator, Iterator
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import App


class Paints:
    """Every screen update the app sends, kept as sent and read back afterwards."""

    def __init__(self, app: App[Any]) -> None:
        from onboarding.tui.compat import watch_updates

        self.log: list[tuple[float, Any]] = []
        watch_updates(app, lambda update: self.log.append((time.perf_counter(), update)))

    def answered(self, start: float) -> float:
        """Seconds from `start` to the last update that changed what the screen shows
        (an update may redraw cells as they were: that is not an answer)."""
        screen: dict[tuple[int, int], tuple[str, Any]] = {}
        last = start
        for moment, update in self.log:
            changed = False
            for at, cell in cells_of(update):
                if screen.get(at) != cell:
                    screen[at] = cell
                    changed = True
            if changed and moment > start:
                last = moment
        return last - start


def cells_of(update: Any) -> Iterator[tuple[tuple[int, int], tuple[str, Any]]]:
    """((line, column), (character, style)) for each cell a full or partial update draws."""
    if hasattr(update, "strips"):  # a whole layout: each line drawn in pieces
        for y, pieces in enumerate(update.strips, start=update.region.y):
            x = update.region.x
            for strip in pieces:
                x = yield from along(y, x, strip)
    for y, line in enumerate(getattr(update, "chops", ())):  # pieces of lines
        for x, strip in line.items():
            if strip is not None:
                yield from along(y, x, strip)


def along(y: int, x: int, strip: Any) -> Generator[tuple[tuple[int, int], tuple[str, Any]],
                                                   None, int]:
    for segment in strip:
        for character in segment.text:
            yield (y, x), (character, segment.style)
            x += cell_len(character)
    return x


async def settle(app: App[Any], pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await asyncio.sleep(0.15)  # the frames after the last change (Textual draws at 60 fps)
    await pilot.pause()


async def key_answers(app: App[Any], pilot: Any, paints: Paints, key: str, times: int
                      ) -> float:
    """The median answer time of a key pressed `times` times, sent as the terminal would."""
    from onboarding.tui.compat import send_key

    samples = []
    for _ in range(times):
        await settle(app, pilot)
        event = events.Key(key, None)
        event.set_sender(app)
        start = time.perf_counter()
        send_key(app, event)
        await settle(app, pilot)
        samples.append(paints.answered(start))
    return statistics.median(samples)


async def ours(url: str, mode: str) -> dict[str, Any]:
    from onboarding.tui.app import OnboardingApp

    app = OnboardingApp(store_url=url)
    paints = Paints(app)
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        out["first"] = time.time()
        await app.workers.wait_for_complete()
        await pilot.pause()
        out["shown"] = time.time()
        screen: Any = app.screen
        table = screen.query_one("#portfolio")
        out["rows"] = table.row_count
        if mode != "full":
            return out
        for word, key in (("Client 004242", "filter_one"), ("overdue", "filter_many")):
            samples = []
            for _ in range(5):
                screen.query_one("#filter").value = word
                await pilot.pause()
                screen._pause.stop()  # the query starts now, not after the typing pause
                await settle(app, pilot)
                start = time.perf_counter()
                screen.refilter()
                await settle(app, pilot)
                samples.append(paints.answered(start))
                out[key + "_rows"] = table.row_count
                out[key + "_title"] = screen.sub_title
                screen.query_one("#filter").value = ""
                await pilot.pause()
                screen._pause.stop()
                screen.reload()
            out[key] = statistics.median(samples)
        table.focus()
        out["end"] = await key_answers(app, pilot, paints, "end", 1)  # a page far away
        out["pages"] = await key_answers(app, pilot, paints, "pageup", 5)
        out["cursor"] = await key_answers(app, pilot, paints, "up", 9)
    return out


async def plain() -> dict[str, Any]:
    from bare_app import Plain  # beside this file: the baseline of every TUI figure
    from textual.widgets import DataTable

    app = Plain()
    paints = Paints(app)
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        out["first"] = time.time()
        table = app.query_one(DataTable)  # rows after the start-up figure: a cursor baseline
        table.add_rows([(n, f"Client {n:06d}", "china", "9/9", "registered", "-")
                        for n in range(200)])
        table.focus()
        out["cursor"] = await key_answers(app, pilot, paints, "down", 9)
    return out


if __name__ == "__main__":
    url, mode = sys.argv[1], sys.argv[2]
    print(json.dumps(asyncio.run(plain() if mode == "plain" else ours(url, mode))))
