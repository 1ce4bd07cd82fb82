"""The checklist in Chinese: chosen on its own (`checklist --lang`), Chinese from title to
last line in Markdown, HTML and PDF, every word of it in the catalog; the advisor in Chinese.
"""

from __future__ import annotations

import ast
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from onboarding import i18n
from onboarding.checklist import build, render
from onboarding.cli import main
from onboarding.settings import settings
from tests.helpers import china, overseas, ready_file, ready_overseas

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CATALOG = i18n.catalog_path("zh")

# Values a client typed: printed as they are, in whatever language they were given.
TYPED = (("client",), ("organization", "name"), ("organization", "registration_number"),
         ("admin", "name"), ("email",), ("profile", "name"), ("profile", "introduction"),
         ("profile", "operating_area"))
# Latin letters a Chinese document keeps: the backend's address, a WeChat term that has no
# Chinese (AppSecret), region codes.
KEPT = {"mp", "weixin", "qq", "com", "AppSecret", "CN", "DE"}
LATIN = re.compile(r"[A-Za-z][A-Za-z'’]+")  # a word (a masked number keeps single letters)


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    i18n.use("en")


def _typed_values(data: dict[str, Any]) -> list[str]:
    values = []
    for path in TYPED:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            values.append(value)
    for op in data.get("operators") or ():
        values += [op["name"], op["wechat_id"]]
    return sorted(values, key=len, reverse=True)


def english_left(text: str, data: dict[str, Any]) -> set[str]:
    """The Latin words of `text` once the client's own values are taken out."""
    text = re.sub(r"\s+", " ", text)
    for value in _typed_values(data):
        text = text.replace(re.sub(r"\s+", " ", value), " ")
    return set(LATIN.findall(text)) - KEPT


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.lang: str | None = None
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        if tag == "html":
            self.lang = dict(attrs).get("lang")

    def handle_endtag(self, tag: str) -> None:
        self._style = False if tag == "style" else self._style

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.text.append(data)


def _example(name: str) -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("ready", [False, True], ids=["registered", "ready"])
@pytest.mark.parametrize("name", ["china.yaml", "overseas.yaml"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_chinese_checklist_is_chinese_from_title_to_last_line(
        name: str, fmt: str, ready: bool, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = ready_file(tmp_path, name) if ready else EXAMPLES / name
    assert main(["checklist", str(source), "--lang", "zh", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "html":
        page = _Visible()
        page.feed(out)
        assert page.lang == "zh-Hans"
        out = "".join(page.text)
    assert out.lstrip("# \n").startswith("微信公众号注册清单")
    assert english_left(out, _example(name)) == set()
    # Chinese sentences take full-width marks: no ASCII colon or semicolon after Chinese.
    assert not re.search(r"[\u4e00-\u9fff][:;] ", out)


@pytest.mark.parametrize("name", ["china.yaml", "overseas.yaml"])
def test_a_chinese_pdf_is_chinese_on_every_page(name: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("weasyprint", reason="the pdf extra is not installed",
                        exc_type=ImportError)
    from pypdf import PdfReader

    from onboarding.checklist import pdf

    pdf.installed_coverage.cache_clear()
    if pdf.missing_glyphs("微信公众号注册清单"):
        pytest.skip("no Chinese font on this machine (CI installs fonts-noto-cjk)")
    out = tmp_path / "checklist.pdf"
    ready = ready_file(tmp_path, name)  # every step: three pages
    assert main(["checklist", str(ready), "--lang", "zh", "-o", str(out)]) == 0
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert len(pages) == 3  # as the English one: Chinese words do not push a page over
    for number, text in enumerate(pages, 1):  # the margin boxes are in Chinese too
        assert re.search(rf"第\s*{number}\s*页，共\s*{len(pages)}\s*页", text), text[-80:]
        assert "微信公众号注册" in text
    assert english_left("\n".join(pages), _example(name)) == set()


def test_the_document_language_is_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """English screens, a Chinese document (and back): the messages stay in the interface's
    language, the document follows --lang; without --lang it follows the interface."""
    draft = {k: v for k, v in _example("china.yaml").items() if k not in ("operators",
                                                                         "profile")}
    answers = tmp_path / "draft.yaml"
    answers.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    assert main(["checklist", str(answers), "--lang", "zh"]) == 0
    said = capsys.readouterr()
    assert "still a draft" in said.err  # the interface: English
    assert said.out.startswith("# 微信公众号注册清单") and "后续步骤" in said.out
    assert english_left(said.out, draft) == set()
    # A Chinese interface (what `onboarding --lang zh` or ONBOARDING_LANG=zh chooses).
    monkeypatch.setenv("ONBOARDING_LANG", "zh")
    settings.cache_clear()  # read once per process: this stands for a new one
    i18n.use("zh")
    assert main(["checklist", str(answers)]) == 0
    said = capsys.readouterr()
    assert "仍是草稿" in said.err and said.out.startswith("# 微信公众号注册清单")
    assert main(["checklist", str(answers), "--lang", "en"]) == 0
    said = capsys.readouterr()
    assert "仍是草稿" in said.err
    assert said.out.startswith("# WeChat Official Account registration checklist")
    assert "The steps ahead" in said.out and "后续步骤" not in said.out


def test_rendering_switches_no_language() -> None:
    """A checklist renders in its own language whatever the screen shows meanwhile (the TUI
    prints a PDF in a thread while its screens stay in theirs)."""
    from forms.registration import validate

    reg = validate(china()).registration
    chinese = build(reg, lang="zh")
    english = build(reg, lang="en")
    assert i18n.current() == "en"
    assert "注意事项" in render(chinese, "md") and i18n.current() == "en"
    i18n.use("zh")
    assert "Keep in mind" in render(english, "md") and i18n.current() == "zh"
    assert render(chinese, "html").startswith('<!DOCTYPE html>\n<html lang="zh-Hans">')
    assert render(english, "html").startswith('<!DOCTYPE html>\n<html lang="en">')


def test_labels_are_the_backends_own_terms_in_chinese() -> None:
    from forms.registration import validate

    text = render(build(validate(ready_overseas()).registration, lang="zh"), "md")
    for term in ("公众号名称", "功能介绍", "运营地区", "管理员护照号码", "登录邮箱", "服务号",
                 "海外主体", "运营者", "微信认证"):
        assert term in text
    assert "99美元" in text and "US$" not in text


def test_the_advisor_speaks_chinese(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_LANG", "zh")
    settings.cache_clear()
    i18n.use("zh")
    assert main(["advise", "--entity", "china", "--media", "yes", "--broadcasts", "often",
                 "--advanced", "no"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("建议：") and "订阅号" in out
    assert "媒体或出版业务" in out and "Subscription" not in out


# The catalog's completeness and places: tests/test_catalog.py, for every area.


# Calls that put words before a person: their text must be marked.
SINKS = {"print", "input", "CommandError", "PdfError", "NotReady"}


def _words_in(node: ast.AST) -> bool:
    """A literal with letters in it (a bare string, or an f-string's fixed parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search("[A-Za-z]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_words_in(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _words_in(node.left) or _words_in(node.right)
    return False


@pytest.mark.parametrize("module", ["onboarding/commands/checklist.py",
                                    "onboarding/commands/advise.py",
                                    "onboarding/checklist/pdf.py"])
def test_what_these_commands_say_is_marked(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    unmarked = [
        f"{module}:{node.lineno}" for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in SINKS
        and any(_words_in(arg) for arg in node.args)
    ]
    assert unmarked == []


def test_a_lookup_says_the_domains_texts_in_its_language() -> None:
    """Terms in the backend's Chinese, periods and counted texts from pairs marked form by
    form, an empty help empty (gettext would answer the catalog's header)."""
    from forms.figures import fill
    from forms.schedule import days_text
    from forms.words import Message, Term
    from onboarding.lookup import lookup

    zh = lookup("zh")
    assert Term("Service account", "服务号").render(zh) == "服务号"
    assert fill("{VERIFICATION_WINDOW}", zh) == "30天"
    assert days_text(-3).render(zh) == "逾期3天" and days_text(-3) == "3 days late"
    assert Message("").render(zh) == "" and zh("") == ""
    assert lookup().language == "en" and fill("{VERIFICATION_WINDOW}", lookup()) == "30 days"


@pytest.mark.parametrize("template", ["checklist.html.j2", "checklist.md.j2"])
def test_every_word_of_the_templates_is_a_message(template: str) -> None:
    """Outside the style sheet, tags and `{{ ... }}`, a template holds no words of its own."""
    text = (ROOT / "onboarding" / "checklist" / "templates" / template).read_text("utf-8")
    text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]*>", "", text, flags=re.S)
    assert re.findall(r"[A-Za-z]{2,}", text) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_title_is_text_without_tags(lang: str) -> None:
    """The <title> takes no tags (a browser shows them, the PDF's metadata keeps them)."""
    from forms.registration import validate

    data = china()
    data["client"] = "<b>Lotus</b> 莲花"
    page = str(render(build(validate(data).registration, lang=lang), "html"))
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title is not None and "<" not in title.group(1)
    assert "&lt;b&gt;Lotus&lt;/b&gt; 莲花" in title.group(1)


def test_a_warning_in_the_document_names_its_field_in_the_documents_language() -> None:
    from forms.registration import validate

    data = overseas()
    data["region"], data["organization"]["registration_number"] = "SG", "12345"
    data["admin"]["mobile"] = "+65 8123 4567"
    checked = validate(data)
    warnings = [i for i in checked.issues if i.severity == "warning"]
    assert warnings  # the UEN does not look like one
    text = render(build(checked.registration, lang="zh", warnings=warnings), "md")
    assert "- 注册号：不像SG的UEN号码" in text and "organization.registration_number" not in text
