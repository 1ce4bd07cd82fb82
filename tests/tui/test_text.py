"""Prose broken into lines as it is written (onboarding.tui.widgets.text)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.content import Content

from forms.registry import STEPS
from onboarding.tui.widgets.text import CLOSING, OPENING, LaidOut


def lines(text: str, width: int) -> list[str]:
    return [line.plain for line in LaidOut(Content(text)).laid(width, {}).split("\n")]


def test_spaces_break_where_textual_breaks_them() -> None:
    """Words between spaces (the English words in a Chinese text) break as Textual breaks
    them: the same lines."""
    texts = [re.sub(r" ?\([^)]*[^\x00-\x7f][^)]*\)", "", spec.guidance(entity))
             for spec in STEPS for entity in ("china", "overseas")]  # the Chinese terms out
    texts.append("A word wider than a line: onboarding-advise-subscription-or-service, folded.")
    for text in texts:
        assert all(cell_len(char) == 1 for char in text), text
        for width in range(12, 81, 7):
            laid = LaidOut(Content(text)).laid(width, {})
            assert [line.plain for line in laid.wrap(width)] == [
                line.plain for line in Content(text).wrap(width)], (text, width)


def test_chinese_breaks_between_characters_never_before_closing_punctuation() -> None:
    text = ("除非客户是媒体公司，否则选择服务号；订阅号适合内容发布：每天可群发1次（每次申请"
            "300元）。拿不准时可使用账号类型向导（onboarding advise）。")
    for width in range(14, 60):  # its widest piece: '（onboarding ', 12 cells
        found = lines(text, width)
        assert "".join(found).replace("onboardingadvise", "onboarding advise") == text
        assert all(cell_len(line) <= width for line in found), (width, found)
        assert not [line for line in found[1:] if line[0] in CLOSING], (width, found)
        assert not [line for line in found[:-1] if line[-1] in OPENING], (width, found)


def test_a_space_before_closing_punctuation_is_no_place_to_break() -> None:
    assert lines("选择服务号 ；订阅号", 11) == ["选择服务", "号 ；订阅号"]


def test_a_language_that_spaces_its_words_is_laid_out_by_textual() -> None:
    """In English the help is Textual's own text (its lines, its selection), in Chinese
    laid out between characters."""
    from onboarding.i18n import language
    from onboarding.tui.widgets.text import Prose

    prose = Prose("选择服务号；订阅号 and Service (服务号)", markup=False)
    assert isinstance(prose.render(), Content)
    with language("zh"):
        assert isinstance(prose.render(), LaidOut)
