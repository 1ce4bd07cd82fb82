"""The PDF checklist: WeasyPrint prints the HTML with fonts embedded, or refuses in one line."""

from __future__ import annotations

import builtins
import io
from pathlib import Path

import pytest

from forms.registration import validate
from onboarding.checklist import build, render
from onboarding.checklist import pdf as pdf_module
from onboarding.checklist.pdf import PdfError, render_pdf
from tests.helpers import ready_china as china  # every step, the organization's name too

weasyprint = pytest.importorskip("weasyprint", reason="the pdf extra is not installed",
                                 exc_type=ImportError)


def html_of(data: dict) -> str:
    result = validate(data)
    assert result.ok, result.errors
    return render(build(result.registration, warnings=result.warnings), "html")


@pytest.fixture(autouse=True)
def fresh_font_list() -> object:
    pdf_module.installed_coverage.cache_clear()
    yield
    pdf_module.installed_coverage.cache_clear()


def test_the_china_checklist_prints_with_its_chinese_text() -> None:
    from pypdf import PdfReader

    if pdf_module.missing_glyphs("上海莲花茶业"):
        pytest.skip("no Chinese font on this machine (CI installs fonts-noto-cjk)")
    data = render_pdf(html_of(china()))
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Lotus Tea Shanghai" in text and "上海莲花茶业有限公司" in text
    fonts = {str(font.get("/BaseFont")) for page in reader.pages
             for font in page["/Resources"]["/Font"].get_object().values()
             if hasattr(font, "get")} | {
        str(f.get_object()["/BaseFont"]) for page in reader.pages
        for f in page["/Resources"]["/Font"].get_object().values()}
    assert any("CJK" in name for name in fonts), fonts  # the Chinese font is embedded


def test_no_font_for_the_chinese_text_is_refused(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A machine with only a Latin font: no PDF with empty boxes, but how to get a font."""
    latin = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None)
    if latin is None:
        pytest.skip("no DejaVu font to build a Latin-only font configuration from")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{latin.parent}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    with pytest.raises(PdfError, match="fonts-noto-cjk") as refused:
        render_pdf(html_of(china()))
    assert "\n" not in str(refused.value) and "上" in str(refused.value)
    from onboarding.cli import main

    out = tmp_path / "lotus.pdf"
    assert main(["checklist", CHINA, "-o", str(out)]) == 2  # the command: one line, no file
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fonts-noto-cjk" in err and not out.exists()


def test_without_the_extra_the_refusal_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(PdfError, match=r"pip install 'wechat-onboarding\[pdf\]'"):
        render_pdf("<p>x</p>")


# -- the command --------------------------------------------------------------------------

CHINA = str(Path(__file__).resolve().parent.parent / "examples" / "china.yaml")


def needs_chinese_font() -> None:
    if pdf_module.missing_glyphs("上海莲花茶业"):
        pytest.skip("no Chinese font on this machine (CI installs fonts-noto-cjk)")


def test_the_command_writes_pdf_by_suffix_and_revealed_for_its_owner_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    from onboarding.cli import main

    needs_chinese_font()
    out = tmp_path / "lotus.pdf"
    assert main(["checklist", CHINA, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().err == f"wrote {out} (pdf)\n"
    revealed = tmp_path / "lotus-full.pdf"
    assert main(["checklist", CHINA, "-o", str(revealed), "--reveal"]) == 0
    assert revealed.stat().st_mode & 0o777 == 0o600
    pages = PdfReader(revealed).pages
    assert all("CONFIDENTIAL" in page.extract_text() for page in pages)


def test_without_o_a_pdf_goes_to_the_checklist_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from onboarding.cli import main
    from onboarding.settings import save

    needs_chinese_font()
    save(checklist_folder=tmp_path / "checklists")
    (tmp_path / "checklists").mkdir()
    assert main(["checklist", CHINA, "--format", "pdf"]) == 0
    out = tmp_path / "checklists" / "checklist-lotus-tea-shanghai.pdf"
    assert out.read_bytes().startswith(b"%PDF") and capsys.readouterr().out == ""
    assert main(["checklist", CHINA, "--format", "pdf"]) == 2  # never replaced silently
    assert "already exists; add --force" in capsys.readouterr().err


def test_a_pdf_on_standard_output_only_when_asked_and_not_to_a_terminal(
        capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from onboarding.cli import main

    needs_chinese_font()
    assert main(["checklist", CHINA, "--format", "pdf", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"%PDF")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["checklist", CHINA, "--format", "pdf", "-o", "-"]) == 2
    assert b"a PDF is not for the terminal" in capsysbinary.readouterr().err


def test_the_command_without_the_extra_says_how_to_get_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from onboarding.cli import main

    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    out = tmp_path / "lotus.pdf"
    assert main(["checklist", CHINA, "-o", str(out)]) == 2
    assert capsys.readouterr().err == ("onboarding: error: writing PDF needs the optional "
                                       "extra: pip install 'wechat-onboarding[pdf]'\n")
    assert not out.exists()
