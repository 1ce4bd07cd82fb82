"""The review screen: the answers before finishing, masked numbers, edits and finishing (Textual
pilot tests)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from onboarding.store import Store, open_store
from onboarding.tui.app import OnboardingApp
from onboarding.tui.compat import notifications
from onboarding.tui.screens.home import HomeScreen
from onboarding.tui.screens.review import ReviewScreen
from onboarding.wizard import Wizard
from tests.helpers import china
from tests.tui_driver import (
    app_for,
    fill,
    home_loaded,
    next_step,
    wizard,
)

SIZE = (100, 32)
SMALL = (80, 24)




async def test_review_edit_links_return_to_the_step(store: Store, tmp_path: Path) -> None:
    wiz = Wizard(china())
    wiz.submitted.update(wiz.path)
    wiz.current = wiz.path[-1]
    record = store.save_draft(wiz.state())
    async with app_for(store, tmp_path, open_id=record.id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await next_step(pilot)  # operators are done: on to the review
        assert isinstance(pilot.app.screen, ReviewScreen)
        pilot.app.screen.query_one("#edit-email").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#edit-email")
        await pilot.pause()
        await pilot.pause()
        screen = wizard(pilot)
        assert screen.wizard.current == "email"
        await fill(pilot, {"email": "hello@lotustea.cn"})
        await next_step(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        answers = pilot.app.screen.query_one("#review-email .review-answers", Static)
        assert "hello@lotustea.cn" in str(answers.render())
    assert store.get(record.id).answers["email"] == "hello@lotustea.cn"


async def test_the_review_opens_on_its_first_answer(store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await next_step(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        # the answers have the focus (issue 23: an Enter there edits nothing); Tab: step 1's Edit
        assert pilot.app.focused is review.query_one("#review")
        await pilot.press("tab")
        assert pilot.app.focused is review.query_one("#edit-start")
        assert review.query_one("#review").scroll_y == 0  # the title and first step in view


async def test_finish_says_where_the_registration_went(store: Store, tmp_path: Path) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await next_step(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        said = [n.message for n in notifications(pilot.app)]
        assert said[-1] == ("#1 Lotus Tea Shanghai is saved: registered. Press c for its "
                            "checklist, r to open it again.")


async def test_the_review_masks_personal_numbers_until_asked(store: Store, tmp_path: Path
                                                             ) -> None:
    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await next_step(pilot)
        admin = pilot.app.screen.query_one("#review-organization .review-answers", Static)
        text = str(admin.render())
        assert "310104199001011233" not in text and "310**************3" in text
        assert "+86 *** **** 5678" in text
        await pilot.press("v")
        text = str(admin.render())
        assert "310104199001011233" in text and "+86 139 1234 5678" in text


async def test_the_review_masks_the_numbers(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")
    wiz = Wizard(china())
    wiz.submitted.update(wiz.path)
    wiz.current = wiz.path[-1]
    record = store.save_draft(wiz.state())
    app = OnboardingApp(store, open_id=record.id, checklist_folder=tmp_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        await next_step(pilot)
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
        shown = "\n".join(str(s.render()) for s in pilot.app.screen.query(".review-answers")
                          .results(Static))
        assert "310**************3" in shown and "+86 *** **** 5678" in shown
        assert "310104199001011233" not in shown and "1234 5678" not in shown
        assert "王芳" in shown  # names are not numbers: shown to check them with the client


# issue 23's keys and focus (merged from the tui-keys branch)

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


async def test_f1_on_the_review_says_every_key(store: Store, tmp_path: Path) -> None:
    """Issue 23: every screen's keys are discoverable: f1 on the review lists them, those the
    footer leaves to the palette and the title bar included (f2, f4)."""
    from onboarding.tui.widgets.dialogs import KeysDialog
    from tests.tui.test_app import lines_of
    from tests.tui_driver import footer_keys_fit, open_screen

    reg_id = store.add(china()).id
    async with app_for(store, tmp_path, open_id=reg_id).run_test(size=SMALL) as pilot:
        await open_screen(pilot, "review")
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert "f1" in {k.key for k in await footer_keys_fit(pilot)}
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, KeysDialog)
        said = [line.split(maxsplit=1) for line in lines_of(pilot.app.screen).splitlines()]
        for key, what in (("w", "Write checklist"), ("f", "Finish"), ("v", "Numbers"),
                          ("esc", "Back"), ("f2", "Light/dark"), ("f4", "中文 / English")):
            assert [key, what] in said, (key, said)
        shown = " ".join(map(" ".join, said))
        assert "Scroll" not in shown and "Focus" not in shown, said  # not Textual's own
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewScreen)
