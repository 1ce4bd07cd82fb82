"""Render a checklist with the package's Jinja2 templates; every value goes in as text.

HTML escapes through Jinja2's autoescape, after control characters are shown as escapes,
and marks every run of Chinese text `lang="zh-Hans"` (so a font draws it with Simplified
Chinese glyph shapes, not Japanese ones); text that goes into the page's CSS (the client's
name in the margin boxes) is written as CSS escapes. Markdown has no autoescape, so the
Markdown environment passes every `{{ value }}` through `markdown_text`: a client name can
never become a heading, a link (a bare URL too, under linkify), an image, raw HTML or a new
line of the document. PDF is
the HTML printed by WeasyPrint (`onboarding.checklist.pdf`).

The templates' words are gettext messages (`{{ _("...") }}`), looked up in the checklist's
own language (`Checklist.lang`, chosen when it was built), whatever the interface's language
is: rendering switches nothing global, so a face may render in a thread while its screen
stays in another language. The document says its language (`<html lang>`); a Chinese one
sets its labels' colons and separators full-width.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import cache, partial
from typing import Any, Literal, overload

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from forms.controls import printable
from forms.words import Writing, naming
from onboarding import i18n
from onboarding.checklist.model import Checklist
from onboarding.checklist.pdf import render_pdf
from onboarding.checklist.text import Blank, Code, Day, Given, Text
from onboarding.lookup import lookup

TEMPLATES = {"html": "checklist.html.j2", "md": "checklist.md.j2"}
FORMATS = ("html", "md", "pdf")
SHORT_CODE = 32  # a code this long or shorter never breaks across lines
SHORT_CHINESE = 12  # nor does a Chinese term this long (a label, a name): no orphan character

# Characters with a meaning anywhere in a line (CommonMark, GFM tables and strikethrough,
# HTML, an & that starts an entity); a backslash makes each one literal. A run of
# underscores only at a word's edge (`_escaped`): inside a word it means nothing.
_MARKDOWN_SPECIAL = re.compile(r"_+|[\\`*\[\]<|~]|&(?=#?\w+;)")
# ... and those that only mean something where a block starts (a value the template puts
# first on a line): a list item, a heading, a quote, an ordered item ("2026. x"), a rule.
_BLOCK_START = re.compile(r"^(\s*)(?:[-+*](?=\s|$)|#{1,6}(?=\s|$)|>|\d{1,9}(?=[.)](?:\s|$)))")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
# Han characters, CJK punctuation and full-width forms: the runs marked as Chinese.
_CJK = ("\u2e80-\u2fdf\u3000-\u303f\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff"
        "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f")
_CHINESE = re.compile(f"[{_CJK}]+")
# A space inside a Chinese sentence (next to a Chinese character): no place to end a line,
# which breaks between characters as Chinese does ("在 mp.weixin.qq.com 点击").
_CHINESE_SPACE = re.compile(f"(?<=[{_CJK}]) (?=\\S)|(?<=\\S) (?=[{_CJK}])")
# An amount and its unit, one line: "300 RMB", "30 days", "300元" (the number's Chinese
# unit is the run after it, marked by `_chinese_span`).
_NUMBER = r"(?<![0-9A-Za-z_.#&;])\d+(?:[.,]\d+)*"
_AMOUNT = re.compile(f"({_NUMBER})( [^\\W\\d_]+\\b|(?=[{_CJK}]))")
_NUMBERED_CHINESE = re.compile(f"({_NUMBER})?([{_CJK}]+)")


# Where a renderer with linkify (GitHub's extended autolinks, markdown-it's linkify, which
# also takes a bare host name) sees a link in text: a scheme's "://", the dot before a
# host name's next label (www.x.com, x.com), an e-mail's "@". A backslash before it leaves
# the text as it reads, never a link.
_LINK_MARKS = re.compile(r"(://|(?<=[^\W_])[.@](?=[^\W\d_]))")


def markdown_text(value: Any, *, start: bool = False, links: bool = True) -> str:
    """`value` as literal Markdown text on one line, never a link (`links`: a client's
    value; the document's own words may name a site). `start`: the text begins a block."""
    text = printable(value)  # a new line (or any control character) shows as \x0a
    text = _MARKDOWN_SPECIAL.sub(_escaped, text)
    if links:
        text = _LINK_MARKS.sub(r"\\\1", text)
    return _escape_block_start(text) if start else text


def _kind(char: str) -> str:
    """CommonMark's classes for emphasis: whitespace, punctuation (a symbol too), else a
    word character; the ends of a line count as whitespace."""
    if not char or char.isspace():
        return "space"
    return "punct" if unicodedata.category(char)[0] in "PS" else "word"


def _escaped(match: re.Match[str]) -> str:
    """A special character backslashed; a run of underscores inside a word ("snake_case",
    "莲_花") left as it is: only at a word's edge might it open or close an emphasis."""
    found, text = match.group(), match.string
    if found[0] == "_":
        start, end = match.span()
        if _kind(text[start - 1:start]) == _kind(text[end:end + 1]) == "word":
            return found
    return "".join(f"\\{char}" for char in found)


def _escape_block_start(text: str) -> str:
    lead = len(text) - len(text.lstrip())
    if _RULE.match(text):  # "---", "* * *": a thematic break
        return f"{text[:lead]}\\{text[lead:]}"
    match = _BLOCK_START.match(text)
    if not match:
        return text
    if text[lead].isdigit():  # "2026. x" / "1) x": escape the dot or bracket after it
        end = match.end()
        return f"{text[:end]}\\{text[end:]}"
    return f"{text[:lead]}\\{text[lead:]}"


# A line to write on, as the template and `markdown` leave it until the whole document is
# written (`_lines_to_write_on`): a control character no value can hold (`printable`).
_BLANK = "\x1f"
_BLANKS = re.compile(f"{_BLANK}+")


def _lines_to_write_on(document: str) -> str:
    """Each blank as underscores, backslashed only where it would open an emphasis that a
    later blank on its line closes (CommonMark's flanking rules). A value's own underscores
    never pair: at a word's edge they are backslashed, inside a word they mean nothing."""
    def line(text: str) -> str:
        runs = []  # (span, can open, can close)
        for run in _BLANKS.finditer(text):
            before = _kind(text[run.start() - 1:run.start()].replace(_BLANK, "_"))
            after = _kind(text[run.end():run.end() + 1].replace(_BLANK, "_"))
            left = after != "space" and (after != "punct" or before != "word")
            right = before != "space" and (before != "punct" or after != "word")
            runs.append((run.span(), left and (not right or before == "punct"),
                         right and (not left or after == "punct")))
        out, at = [], 0
        for n, ((start, end), opens, _closes) in enumerate(runs):
            pairs = opens and any(closes for _span, _opens, closes in runs[n + 1:])
            out += [text[at:start], ("\\_" if pairs else "_") * (end - start)]
            at = end
        return "".join(out) + text[at:]

    return "\n".join(line(text) if _BLANK in text else text
                     for text in document.split("\n"))


class MarkdownSafe(str):
    """Markdown already written by this module: not escaped again."""


def _markdown_code(text: str) -> str:
    """A code span, when the value can be one as it is; else escaped text."""
    shown = printable(text)
    if shown and shown == shown.strip() and not re.search(r"[`|]", shown):
        return f"`{shown}`"
    return markdown_text(shown)


def markdown(text: Text, start: bool = False) -> MarkdownSafe:
    """`start`: the text begins a block (a list item's, a paragraph's)."""
    out = []
    for n, part in enumerate(text):
        if isinstance(part, Code):
            out.append(_markdown_code(part.text))
        elif isinstance(part, Blank):
            out.append(_BLANK * 8)
        else:
            out.append(markdown_text(part, start=start and n == 0,
                                     links=isinstance(part, Given)))
    return MarkdownSafe("".join(out))


def _markdown_finalize(value: Any) -> str:
    return value if isinstance(value, MarkdownSafe) else markdown_text(value)


def _chinese_span(match: re.Match[str]) -> str:
    """A Chinese run marked as Chinese; a short one (a term) never split, nor an amount
    from its unit (the number before the run and the run's first character)."""
    number, run = match.groups()
    keep = ' class="nobr"' if len(run) <= SHORT_CHINESE else ""  # a term, never split
    if not number:
        return f'<span lang="zh-Hans"{keep}>{run}</span>'
    if keep:
        return f'<span class="nobr">{number}<span lang="zh-Hans">{run}</span></span>'
    return (f'<span class="nobr">{number}<span lang="zh-Hans">{run[0]}</span></span>'
            f'<span lang="zh-Hans">{run[1:]}</span>')


def _amount(match: re.Match[str]) -> str:
    number, unit = match.groups()
    return f'<span class="nobr">{number}{unit}</span>' if unit else match.group()


def html_words(value: Any) -> Markup:
    """Text as HTML: escaped, controls shown, each Chinese run marked as Chinese, a space
    in a Chinese sentence non-breaking, an amount kept with its unit."""
    text = _CHINESE_SPACE.sub("\xa0", str(escape(printable(value))))
    text = _AMOUNT.sub(_amount, text)  # "300 RMB"; "300元" is the Chinese run's
    return Markup(_NUMBERED_CHINESE.sub(_chinese_span, text))


def plain_html(value: Any) -> Markup:
    """Text where HTML takes no tags (the <title>, read into the PDF's metadata): escaped."""
    text = value.unescape() if isinstance(value, Markup) else value  # escaped once, here
    return Markup(escape(printable(text)))


def html(text: Text) -> Markup:
    out = []
    for part in text:
        if isinstance(part, Code):
            short = " nobr" if len(part.text) <= SHORT_CODE else ""
            out.append(Markup('<code class="typed{}">{}</code>').format(
                short, html_words(part.text)))
        elif isinstance(part, Day):
            out.append(Markup('<span class="day">{}</span>').format(html_words(part.text)))
        elif isinstance(part, Blank):
            out.append(Markup('<span class="blank"></span>'))
        else:
            out.append(html_words(part))
    return Markup("").join(out)


def _html_finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else html_words(value)


def _language(context: Context) -> i18n.Language:
    lang: i18n.Language = context["c"].lang
    return lang


def _writing(context: Context) -> Writing:
    return i18n.LANGUAGES[_language(context)]


@pass_context
def _gettext(context: Context, message: str) -> str:
    return i18n.translations(_language(context)).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return i18n.translations(_language(context)).ngettext(singular, plural, n)


PUNCTUATION = ("colon", "semicolon", "comma", "lead")  # the document language's marks


@pass_context
def _punctuation(context: Context, mark: str) -> str:
    """Punctuation between a label and its value, and between items, as the document's
    language writes it (`Writing`: "lead" is between a word and its value in a run-on line:
    "added 2026-11-21", "添加：...")."""
    if mark not in PUNCTUATION:
        raise KeyError(mark)
    return str(getattr(_writing(context), mark))


def _beside(context: Context, term: str) -> str:
    """The backend's Chinese term said beside a label, as `forms.words.naming` rules: none
    in a language the backend speaks (its label is that term), nor where there is none."""
    return naming("", term, lookup(_language(context)))[1]


@pass_context
def _zh_markdown(context: Context, term: str) -> MarkdownSafe:
    beside = _beside(context, term)
    if not beside:
        return MarkdownSafe("")
    left, right = _writing(context).brackets
    return MarkdownSafe(f"{left}{markdown_text(beside)}{right}")


@pass_context
def _zh_html(context: Context, term: str) -> Markup:
    beside = _beside(context, term)
    if not beside:
        return Markup("")
    return Markup(' <span class="zh">{}</span>').format(html_words(beside))


def css_string(value: Any, limit: int = 70) -> Markup:
    """`value` as a quoted CSS string: every character but letters, digits and a few marks
    as a CSS escape, so nothing in it can end the string or the style sheet."""
    text = printable(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # A hex escape swallows one space after it (CSS Syntax 4.3.7), so each is ended by a
    # space of its own and the text's own spaces survive ("Müller & Söhne").
    safe = "".join(c if (c.isascii() and c.isalnum()) or c in " .,-" else f"\\{ord(c):x} "
                   for c in text)
    return Markup(f'"{safe}"')


def css_content(template: str, **counters: str) -> Markup:
    """A message with `{name}` places as CSS `content`: the words as strings, each place as
    its counter (`page {page} of {pages}` -> "page " counter(page) " of " counter(pages))."""
    out = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            out.append(css_string(literal, limit=200))
        if name is not None:
            out.append(Markup(f"counter({counters[name]})"))
    return Markup(" ").join(out)


@cache
def _environment(fmt: str) -> Environment:
    env = Environment(
        loader=PackageLoader("onboarding.checklist", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_markdown_finalize if fmt == "md" else _html_finalize,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True)
    env.filters["t"] = markdown if fmt == "md" else html
    env.filters["block"] = partial(markdown, start=True) if fmt == "md" else html
    env.globals["blank"] = lambda width: MarkdownSafe(_BLANK * width)
    env.globals["zh"] = _zh_markdown if fmt == "md" else _zh_html
    env.globals["mark"] = _punctuation
    env.filters["css"] = css_string
    env.filters["plain"] = plain_html
    return env


@overload
def render(checklist: Checklist, fmt: Literal["md", "html"]) -> str: ...
@overload
def render(checklist: Checklist, fmt: Literal["pdf"]) -> bytes: ...
@overload
def render(checklist: Checklist, fmt: str) -> str | bytes: ...


def render(checklist: Checklist, fmt: str) -> str | bytes:
    """The checklist as Markdown or HTML text, or as PDF bytes (the HTML, printed)."""
    if fmt == "pdf":
        return render_pdf(render(checklist, "html"))
    if fmt not in TEMPLATES:
        raise ValueError(i18n._("unknown checklist format {format} (choose {choices})").format(
            format=repr(fmt), choices=", ".join(FORMATS)))
    words = i18n.translations(checklist.lang)
    document = _environment(fmt).get_template(TEMPLATES[fmt]).render(
        c=checklist,
        lang=i18n.LANGUAGES[checklist.lang].bcp47,
        page_of=css_content(words.gettext("page {page} of {pages}"), page="page",
                            pages="pages"),
    )
    return _lines_to_write_on(document) if fmt == "md" else document
