"""The TUI's words: every string a person reads on a Textual screen is marked (issue 17);
that each has its Chinese with the same placeholders is checked with every area's, in
tests/test_catalog.py (the TUI is in its TRANSLATED_ALL)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from onboarding import i18n

ROOT = Path(__file__).resolve().parent.parent
TUI_FILES = [*sorted((ROOT / "onboarding" / "tui").rglob("*.py")),
             ROOT / "onboarding" / "questions.py"]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}

# Calls that put their text arguments on screen, and the keyword arguments that do.
SINK_CALLS = frozenset({"notify", "Static", "Label", "Button", "RadioButton", "SystemCommand",
                        "ConfirmDialog", "update", "show", "Option", "Palette", "FooterKey"})
SINK_KEYWORDS = frozenset({"title", "message", "placeholder", "prompt", "tooltip", "help",
                           "description", "yes", "label"})
SINK_ATTRIBUTES = frozenset({"title", "sub_title", "border_title", "border_subtitle", "tooltip",
                             "label", "placeholder", "description"})
# Texts that need no words (a key's name, punctuation, a mark) are not words to translate.
ALLOWED = frozenset({
    "官方说明",  # the error table's column of WeChat's own Chinese text: the same in both
})


def _words(node: ast.AST) -> str | None:
    """The literal text of a string or f-string node, if it holds English words (a text
    without Latin letters is a mark, a number or the WeChat backend's own Chinese term,
    shown as it is in both languages)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return None
    if text in ALLOWED or not re.search(r"[A-Za-z]", text):
        return None
    return text


def _texts(node: ast.AST) -> list[ast.AST]:
    """The string nodes an argument shows: itself, either side of `+`, either branch of
    `if`, the template of `"...".format()`; marked calls and other calls are left alone."""
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return [node]
    if isinstance(node, ast.BinOp):
        return _texts(node.left) + _texts(node.right)
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [n for v in node.values for n in _texts(v)]
    if isinstance(node, ast.Lambda):
        return _texts(node.body)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "format":
        return _texts(node.func.value)
    return []


def _name(func: ast.AST) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def unmarked(source: str) -> list[tuple[int, str]]:
    """Screen texts in `source` that are not inside _(), N_() or ngettext()."""
    found = []

    def check(node: ast.AST) -> None:
        for sub in _texts(node):
            text = _words(sub)
            if text is not None:
                found.append((sub.lineno, text))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name == "Binding":
                for arg in node.args[2:3]:
                    check(arg)
            elif name in SINK_CALLS:
                for arg in node.args:
                    check(arg)
            for keyword in node.keywords:
                if keyword.arg in SINK_KEYWORDS:
                    check(keyword.value)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr in SINK_ATTRIBUTES
                for t in node.targets):
            check(node.value)
    return sorted(set(found))


@pytest.mark.parametrize("path", TUI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_screen_text_of_the_tui_is_marked(path: Path) -> None:
    assert unmarked(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_an_unmarked_text() -> None:
    """The check above can fail: an unmarked label, notification or binding is found."""
    source = ('self.notify("Saved")\nLabel(f"Step {n}")\nBinding("n", "new", "New")\n'
              'self.sub_title = "Portfolio"\nStatic(_("Fine"))\nLabel(f"{a} {b}")\n'
              'show(w, "Done" if ok else _("No"))\nButton("管理员")\n'
              'Static(_("Fine {x}").format(x="y"))\nStatic("{n} left".format(n=1))\n')
    assert [line for line, _ in unmarked(source)] == [1, 2, 3, 4, 7, 10]


def test_the_domain_says_its_words_in_the_language_on_screen() -> None:
    """Issues, Messages and Terms from forms/ render through `words.say`: the catalog's
    words, and a Term as the WeChat backend's own Chinese."""
    from forms.issues import Issue
    from forms.words import Message, Term
    from onboarding.tui.words import issue_text, said

    issue = Issue("account_type", Message("{kind}: {what}", kind=Term("Service account", "服务号"),
                                          what=Message("Portfolio")))
    try:
        assert issue_text(issue) == "Service account (服务号): Portfolio"
        i18n.use("zh")
        assert issue_text(issue) == "服务号: 客户账号"
        assert said("Portfolio") == "客户账号" and said(Term("Yes", "是")) == "是"
    finally:
        i18n.use("en")
