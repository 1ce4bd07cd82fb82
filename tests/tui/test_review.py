"""The review at the end of the wizard (issue 23): the Enter that confirmed the last step is
never taken as "edit step 1"."""

from __future__ import annotations

from pathlib import Path

from onboarding.store import Store
from onboarding.tui.screens.review import ReviewScreen
from tests.helpers import china
from tests.tui_driver import app_for, home_loaded, wizard

SMALL = (80, 24)


async def test_the_enter_after_the_last_step_does_not_edit_step_1(store: Store, tmp_path: Path
                                                                  ) -> None:
    """Enter answers the last field and moves on to the review; the next Enter (a person
    still answering) stays on the review: no Edit button has the focus until Tab."""
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await home_loaded(pilot)
        screen = wizard(pilot)
        last = list(screen.query("OperatorRow"))[-1].query_one(".q-added_on")
        last.focus()
        await pilot.pause()
        await pilot.press("ctrl+n")  # the step submitted as Enter on its last answer did
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.screen is review  # not sent back to step 1
        assert review.query_one("#review").scroll_y == 0  # the title and first step in view
        await pilot.press("tab")  # the Edit buttons are on the keyboard path
        assert pilot.app.focused is review.query_one("#edit-start")
