"""The PDF checklist as a client holds it: what page 1 says, what every page says, how full
the pages are, and that no Chinese term is split across lines (text read back with pypdf).

The examples are printed once per module: both examples, the China one revealed, and the
long one (25 operators, the longest introduction).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from onboarding.checklist import Checklist, Consultant, checklist_for, from_answers, render
from onboarding.checklist import pdf as pdf_module
from onboarding.checklist.text import plain
from tests.helpers import LONG_INTRODUCTION
from tests.helpers import long_china as any_long_china
from tests.helpers import ready_china as china  # before registering: every step on the page
from tests.helpers import ready_overseas as overseas


def long_china() -> dict:
    return any_long_china(ready=True)

pytest.importorskip("weasyprint", reason="the pdf extra is not installed", exc_type=ImportError)
pypdf = pytest.importorskip("pypdf")

MM = 72 / 25.4  # PDF points per millimetre
PAGE_HEIGHT = 297 * MM
TOP, BOTTOM = 19 * MM, 17 * MM  # the page margins of the template's @page rule
CONSULTANT = Consultant("Li Wei", "+86 138 0013 8000")


@dataclass
class Printed:
    checklist: Checklist
    pages: list[list[tuple[float, str]]]  # per page: (height of the baseline, text) runs

    def text(self, page: int) -> str:
        """The page's words, each line break a space."""
        return " ".join(" ".join(t for _, t in self.pages[page]).split())

    def body(self, page: int) -> list[tuple[float, str]]:
        """The runs inside the page's content area (the margin boxes left out)."""
        return [(y, t) for y, t in self.pages[page] if BOTTOM < y < PAGE_HEIGHT - TOP]


def _runs(data: bytes) -> list[list[tuple[float, str]]]:
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object,
                  runs: list[tuple[float, str]] = runs) -> None:
            if text.strip():
                runs.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


@pytest.fixture(scope="module")
def printed() -> Iterator[dict[str, Printed]]:
    if pdf_module.missing_glyphs("上海莲花茶业"):
        pytest.skip("no Chinese font on this machine (CI installs fonts-noto-cjk)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ONBOARDING_TODAY", "2026-11-25")
        out = {}
        for name, data, reveal in (("china", china(), False), ("overseas", overseas(), False),
                                   ("revealed", china(), True), ("long", long_china(), False)):
            checklist = checklist_for(from_answers(data), reveal=reveal, consultant=CONSULTANT)
            out[name] = Printed(checklist, _runs(render(checklist, "pdf")))
        yield out


def test_both_examples_fit_on_three_pages(printed: dict[str, Printed]) -> None:
    assert len(printed["china"].pages) <= 3
    assert len(printed["overseas"].pages) <= 3


@pytest.mark.parametrize("name", ["china", "overseas", "revealed", "long"])
def test_every_page_names_the_client_and_its_number(printed: dict[str, Printed],
                                                    name: str) -> None:
    doc = printed[name]
    total = len(doc.pages)
    for n in range(total):
        text = doc.text(n)
        assert doc.checklist.client in text
        assert f"page {n + 1} of {total}" in text


@pytest.mark.parametrize("name", ["china", "overseas", "long"])
def test_no_page_but_the_last_is_less_than_a_third_full(printed: dict[str, Printed],
                                                        name: str) -> None:
    doc = printed[name]
    area = PAGE_HEIGHT - TOP - BOTTOM
    for n in range(len(doc.pages) - 1):
        lowest = min(y for y, _ in doc.body(n))
        assert (PAGE_HEIGHT - TOP - lowest) / area > 1 / 3, f"page {n + 1} of {name}"


def test_page_one_says_what_must_be_done_by_when(printed: dict[str, Printed]) -> None:
    page = printed["china"].text(0)
    for fact in ("Lotus Tea Shanghai", "莲花茶业LotusTea", "Service account (服务号)",
                 "Mainland-China entity", "WeChat Verification (微信认证)",
                 "300 RMB per", "15 working days before", "within 30 days of", "on 2026-12-21",
                 "Li Wei", "+86 138 0013 8000"):
        assert fact in page, fact
    page = printed["overseas"].text(0)
    for fact in ("Nordlicht Outdoor GmbH", "NordlichtOutdoor", "US$99 per",
                 "none: the overseas path has no", "authentication step"):
        assert fact in page, fact


def test_a_revealed_checklist_says_confidential_on_every_page(
        printed: dict[str, Printed]) -> None:
    for n in range(len(printed["revealed"].pages)):
        assert "CONFIDENTIAL" in printed["revealed"].text(n)
    assert "310104199001011233" in printed["revealed"].text(0)
    assert "+86 139 1234 5678" in printed["revealed"].text(0)  # spaced, as it is read out
    assert all("CONFIDENTIAL" not in printed["china"].text(n)
               for n in range(len(printed["china"].pages)))


def test_the_operators_header_is_on_every_page_of_their_table(
        printed: dict[str, Printed]) -> None:
    doc = printed["long"]
    with_operators = [n for n in range(len(doc.pages)) if "lotus_op" in doc.text(n)]
    assert len(with_operators) >= 2  # the table goes over a page
    for n in with_operators:
        assert "WeChat ID" in doc.text(n) and "Expires" in doc.text(n), f"page {n + 1}"
    assert all(f"lotus_op{k:02d}" in "".join(doc.text(n) for n in with_operators)
               for k in range(1, 26))
    assert LONG_INTRODUCTION[:20] in "".join(doc.text(n) for n in range(len(doc.pages)))


_CHINESE_RUN = re.compile(r"[\u3400-\u9fff]+")
_CHINESE_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")  # with punctuation


@pytest.mark.parametrize("name", ["china", "overseas", "long"])
def test_no_chinese_term_is_split_across_lines(printed: dict[str, Printed], name: str) -> None:
    """Labels and terms (up to 12 characters) stay whole on one line: no character left
    alone, no 中国大陆 | 主体."""
    doc = printed[name]
    c = doc.checklist
    terms = {row.zh for step in c.steps for row in step.rows} | {row.zh for row in c.essentials}
    for text in [row.value for row in c.essentials] + [row.value for s in c.steps
                                                       for row in s.rows]:
        terms |= {run for run in _CHINESE_TEXT.findall(plain(text)) if len(run) <= 12}
    runs = [t for n in range(len(doc.pages)) for _, t in doc.pages[n]]
    for term in terms:
        assert any(term in run for run in runs), term
    for run in runs:
        core = re.sub(r"[\s()（）:：,，.。、;；]", "", run)
        assert not (len(core) == 1 and _CHINESE_RUN.fullmatch(core)), run
