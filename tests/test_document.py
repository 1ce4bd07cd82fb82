"""The checklist's layout in HTML and Markdown: the page-1 box, languages, typed values,
the page's margin boxes, boxes to tick, and Markdown that renders as task lists."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from forms import validate
from onboarding import i18n
from onboarding.checklist import Consultant, build, checklist_for, from_answers, render
from onboarding.settings import save
from tests.helpers import china as registered_china
from tests.helpers import long_china as any_long_china
from tests.helpers import ready_china as china  # before registering: every step on the page
from tests.helpers import ready_overseas as overseas


def long_china() -> dict:
    return any_long_china(ready=True)

CONSULTANT = Consultant("Li Wei", "+86 138 0013 8000")


def page(data: dict, fmt: str = "html", **kwargs: object) -> str:
    kwargs.setdefault("consultant", CONSULTANT)
    return render(checklist_for(from_answers(data), **kwargs), fmt)


class Reader(HTMLParser):
    """The text of an HTML checklist, each piece with the language it is marked with and
    the classes of the elements around it."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, str]] = []
        self.pieces: list[tuple[str, str | None, tuple[str, ...]]] = []

    BLOCKS = frozenset({"p", "div", "li", "th", "td", "tr", "h1", "h2", "h3", "section",
                        "table", "ul"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        given = dict(attrs)
        lang = given.get("lang") or (self.stack[-1][1] if self.stack else None)
        self.stack.append((tag, lang, given.get("class") or ""))
        if tag in self.BLOCKS:
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.handle_data(" ")
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] not in ("style", "title"):
            classes = tuple(c for _, _, cls in self.stack for c in cls.split())
            self.pieces.append((data, self.stack[-1][1], classes))

    def inside(self, css_class: str) -> str:
        """The words inside elements of this class, as a reader sees them."""
        return " ".join("".join(d for d, _, c in self.pieces if css_class in c).split())


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    return reader


# -- page 1 -------------------------------------------------------------------------------


def test_the_box_on_page_one_holds_the_essentials() -> None:
    box = read(page(registered_china())).inside("essentials")  # its days are known
    for fact in ("Client", "Lotus Tea Shanghai", "Account name", "莲花茶业LotusTea",
                 "Account type", "Service account (服务号)", "Path", "Mainland-China entity",
                 "Authentication method", "WeChat Verification (微信认证)",
                 "300 RMB per application, not refunded if the review fails",
                 "Submit the WeChat Verification application (last safe day): by 2026-11-30",
                 "Complete WeChat Verification (微信认证): by 2026-12-20",
                 "Short-term operator 李伟 (liwei-shop) expires: on 2026-12-21"):
        assert fact in box, fact
    data = china()
    data["authentication"] = "bank_transfer"
    data["lifecycle"] = {"registered_on": "2026-11-20"}
    box = read(page(data)).inside("essentials")
    assert "Bank transfer (支付验证)" in box
    assert "Pay the verification amount from the corporate account: by 2026-11-30" in box
    assert "No fee: WeChat Verification was not chosen." in box


def test_the_box_names_the_method_an_overseas_entity_has() -> None:
    box = read(page(overseas())).inside("essentials")
    assert "none: the overseas path has no authentication step" in box
    assert "US$99 per application" in box and "No deadline." in box


def test_many_short_term_operators_are_one_line_in_the_box() -> None:
    box = read(page(any_long_china())).inside("essentials")  # registered, the days known
    assert "20 short-term operators expire: from 2026-12-21 to 2026-12-24" in box
    assert "lotus_op" not in box  # each one's day is in the operators' table


def test_the_consultant_comes_from_the_settings() -> None:
    save(consultant_name="Zhang Min", consultant_contact="zhang@consult.example")
    text = read(render(build(validate(china()).registration), "html")).inside("meta")
    assert "Zhang Min, zhang@consult.example" in text
    save(consultant_name=None, consultant_contact=None)
    html = render(build(validate(china()).registration), "html")
    assert '<span class="blank"></span>' in html[html.index('class="meta"'):
                                                   html.index("</p>", html.index('class="meta"'))]


# -- every page ---------------------------------------------------------------------------


def test_the_margin_boxes_name_the_client_and_count_pages() -> None:
    html = page(china())
    style = html[html.index("<style>"):html.index("</style>")]
    assert "size: A4;" in style
    assert '@top-left { content: "Lotus Tea Shanghai";' in style
    assert '"page " counter(page) " of " counter(pages)' in style
    assert "CONFIDENTIAL" not in html
    revealed = page(china(), reveal=True)
    assert '"CONFIDENTIAL"' in revealed  # the top-right box of every page
    assert "CONFIDENTIAL: resident ID, passport and mobile numbers are printed in full" \
        in read(revealed).inside("confidential")


def test_a_client_name_cannot_break_out_of_the_style_sheet() -> None:
    data = china()
    data["client"] = 'Evil"; } body { display: none } </style><script>alert(1)</script> 上海'
    html = page(data)
    assert html.count("</style>") == 1 and "<script>" not in html
    style = html[html.index("<style>"):html.index("</style>")]
    assert "display: none" not in style and "\\3c " in style  # the < as a CSS escape


def test_a_long_client_name_is_shortened_in_the_margin() -> None:
    data = china()
    data["client"] = "Lotus Tea " * 20
    style = page(data).split("</style>")[0]
    content = re.search(r"@top-left \{ content: (\"[^\"]*\")", style)
    assert content and len(content.group(1)) < 80 and "\\2026 " in content.group(1)  # …


# -- words and values ---------------------------------------------------------------------


CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.mark.parametrize("data", [china(), overseas(), long_china()])
def test_every_chinese_character_is_marked_as_simplified_chinese(data: dict) -> None:
    html = page(data)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    pieces = read(html).pieces
    assert any(CJK.search(text) for text, _, _ in pieces)
    for text, lang, _ in pieces:
        if CJK.search(text):
            assert lang == "zh-Hans", text


def test_a_chinese_document_says_so() -> None:
    with i18n.language("zh"):
        html = page(china())
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-Hans">')
    assert '<span class="zh">' not in html  # no English-beside-Chinese pairs


def test_typed_values_are_set_apart_and_chinese_terms_kept_whole() -> None:
    reader = read(page(overseas()))
    typed = {text for text, _, classes in reader.pieces if "typed" in classes}
    assert {"München HRB 123456", "wechat@nordlicht-outdoor.de", "******T47",
            "+49 **** ***6789", "chenjing_nl"} <= typed
    labels = [text for text, lang, classes in reader.pieces if lang == "zh-Hans"
              and len(text) <= 12]
    assert labels and all(  # a short Chinese term never breaks
        "nobr" in classes for text, lang, classes in reader.pieces
        if lang == "zh-Hans" and len(text) <= 12)
    html = page(registered_china())
    assert 'class="day">2026-12-20<' in html  # a date never breaks at its hyphen
    assert ".nobr, .day { white-space: nowrap; }" in html
    assert re.search(r"code\.typed \{ font-family: \"DejaVu Sans Mono\"[^}]*monospace", html)


def test_masking_uses_a_plain_character() -> None:
    for data in (china(), overseas()):
        html = page(data)
        assert "\u2022" not in html and "•" not in html
    html = page(china())
    assert ">310**************3</code>" in html and ">+86 *** **** 5678</code>" in html


def test_a_revealed_mobile_is_spaced_as_it_is_read() -> None:
    for fmt in ("html", "md"):
        text = page(china(), fmt, reveal=True)
        assert "+86 139 1234 5678" in text and "+8613912345678" not in text
        text = page(overseas(), fmt, reveal=True)
        assert "+49 1512 3456789" in text  # as phonenumbers spaces a German mobile


def test_pen_sized_boxes_and_lines_to_write_on() -> None:
    html = page(china())
    assert ".box { display: inline-block; width: 5mm; height: 5mm;" in html
    reader = read(html)
    steps = html.count('<section class="step')
    assert steps == 8 and html.count('<span class="done">done on <span class="blank">') == steps
    assert "Consultant 顾问: Li Wei" in reader.inside("sign")
    assert "Client 客户: Lotus Tea Shanghai" in reader.inside("sign")


def test_the_operators_table_has_a_header_to_repeat() -> None:
    html = page(long_china())
    table = html[html.index('<table class="plan">'):]
    table = table[:table.index("</table>")]
    assert "<thead><tr><th></th><th>Operator" in table and "</thead>" in table
    assert table.count("<tr>") == 26  # the header and 25 operators
    assert "table.plan thead { display: table-header-group; }" in html


# -- Markdown -----------------------------------------------------------------------------


def markdown_it() -> MarkdownIt:
    return MarkdownIt("gfm-like").use(tasklists_plugin)


@pytest.mark.parametrize("data", [china(), overseas(), long_china()])
@pytest.mark.parametrize("reveal", [False, True])
def test_markdown_boxes_are_task_list_items(data: dict, reveal: bool) -> None:
    text = page(data, "md", reveal=reveal)
    for line in text.splitlines():
        if "[ ]" in line:
            assert re.match(r"^( {2})*- \[ \] ", line), line  # only ever a task item
    html = markdown_it().render(text)
    assert html.count('type="checkbox"') == text.count("[ ]") > 10
    assert "[ ]" not in html  # none left as literal brackets
    assert "<table" not in html and "<th></th>" not in html  # no empty header row


def test_markdown_values_stay_text() -> None:
    data = china()
    data["client"] = "**bold** [x](y) <b>z</b>"
    html = markdown_it().render(page(data, "md"))
    first = html[html.index("<p>"):html.index("</p>")]  # "For <client> · prepared ..."
    assert "<strong>**bold** [x](y) &lt;b&gt;z&lt;/b&gt;</strong>" in first
    assert "<a " not in first and "<b>" not in first


def test_bare_urls_in_names_never_become_links() -> None:
    """Rendered with linkify (as GitHub's extended autolinks do), a URL, a www. name or an
    e-mail address in a client's value stays text: the README promises no forged link."""
    data = china()
    data["client"] = "Pay https://evil.example/pay or www.evil.example or ops@evil.example"
    data["organization"]["name"] = "上海莲花茶业有限公司 http://evil.example"
    text = page(data, "md")
    html = markdown_it().render(text)
    assert "evil.example" in html and "<a " not in html
    for line in text.splitlines():
        if "evil" in line:  # no autolink trigger left unescaped (GFM: ://, www., x@y)
            assert not re.search(r"(?<!\\)(://|\w\.\w|\w@\w)", line), line
    assert "ops\\@evil\\.example" in text and "https\\://evil\\.example/pay" in text


def test_the_pdf_running_head_keeps_the_spaces_after_escaped_characters() -> None:
    """A CSS hex escape swallows the space after it: 'Müller &Söhne (Köln)'."""
    import tinycss2

    from onboarding.checklist.render import css_string

    for name in ("Müller & Söhne (Köln)莲花Tea", "A 莲 B", "x\u00e9 \u00e9 y", "\u00e9" * 3):
        (token,) = tinycss2.parse_component_value_list(str(css_string(name)))
        assert token.type == "string" and token.value == name, (name, token)
