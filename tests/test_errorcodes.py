"""WeChat's return codes: the shipped table, lookups, and `onboarding errors`."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onboarding import errorcodes
from onboarding.cli import main

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_07c3fa336e274076.txt"
CODE_LINE = re.compile(r"^-?\d+ ")


def test_every_row_of_the_source_table_is_shipped() -> None:
    rows = errorcodes.all_codes()
    assert len(rows) == 595
    assert len({r.code for r in rows}) < len(rows)  # duplicates kept, one per product line
    if SEED.is_file():  # beside the checkout in development; not in CI's clean clone
        lines = [line for line in SEED.read_text(encoding="utf-8").splitlines()
                 if CODE_LINE.match(line)]
        assert [int(line.split(" ", 1)[0]) for line in lines] == [r.code for r in rows]
        for line, row in zip(lines, rows, strict=True):
            assert row.message_zh in line


@pytest.mark.parametrize("code, platform, message_zh", [
    (-1, "OA Platform", "系统繁忙,此时请开发者稍候再试"),
    (0, "OA Platform", "请求成功"),
    (40001, "OA Platform", "获取access_token时AppSecret错误,或者access_token无效。请开发者认真比对"
     "AppSecret的正确性,或查看是否正在为恰当的公众号调用接口"),
    (40001, "Developer Platform", "不合法的调用凭证"),
    (40164, "OA Platform", "如非白名单IP调用"),
    (40073, "Coupons", "不合法的 cardid"),
    (61450, "OA Platform", "系统错误(system error)"),
    (65405, "Customer Service", "帐号数目已达到上限,不能继续添加"),
    (80001, "Enterprise", None),
    (9001060, "Red Packets", None),
    (9002038, "WeChat Wifi", None),
    (60125, "WeCom (Work WeChat)", None),
    (302004, "WeCom (Work WeChat)", None),
])
def test_sample_rows(code: int, platform: str, message_zh: str | None) -> None:
    entries = [e for e in errorcodes.lookup(code) if e.platform == platform]
    assert len(entries) == 1
    assert entries[0].meaning_en
    if message_zh is not None:
        assert entries[0].message_zh == message_zh


@pytest.mark.parametrize("code, platform, words", [
    (60102, "WeCom (Work WeChat)", "already exists"),  # 已存在; the article says "does not exist"
    (41022, "WeCom (Work WeChat)", "suite token"),  # 缺少suitetoken; the article says "suiteticket"
])
def test_meaning_follows_the_chinese_where_the_article_slips(
        code: int, platform: str, words: str) -> None:
    [entry] = [e for e in errorcodes.lookup(code) if e.platform == platform]
    assert words in entry.meaning_en


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def test_no_meaning_is_the_source_sentence() -> None:
    """Runs everywhere: compares against hashes of the article's English meanings."""
    listed = Path(__file__).parent / "data" / "source_meaning_hashes.txt"
    source = {line for line in listed.read_text().splitlines() if not line.startswith("#")}
    assert len(source) > 500
    copied = [r for r in errorcodes.all_codes()
              if hashlib.sha256(_norm(r.meaning_en).encode()).hexdigest()[:16] in source]
    assert copied == []


def test_meanings_are_our_own_words() -> None:
    if not SEED.is_file():
        pytest.skip(f"the source article is not beside this checkout ({SEED})")
    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]", "", s.casefold())

    source: dict[int, list[str]] = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if CODE_LINE.match(line):
            code, rest = line.split(" ", 1)
            source.setdefault(int(code), []).append(norm(rest))
    copied = [r for r in errorcodes.all_codes()
              if any(norm(r.meaning_en) in line for line in source[r.code])]
    assert copied == []


def test_search_chinese_english_and_platform() -> None:
    menus = errorcodes.search("菜单")
    assert menus and all("菜单" in e.message_zh or "menu" in e.meaning_en.lower()
                         for e in menus)
    assert {e.code for e in errorcodes.search("access_token")} >= {40001, 41001, 42001}
    wifi = errorcodes.search("", "wifi")
    assert len(wifi) == 48 and {e.platform for e in wifi} == {"WeChat Wifi"}
    assert errorcodes.match_platform("WECOM") == ["WeCom (Work WeChat)"]


@given(st.sampled_from(errorcodes.all_codes()))
def test_lookup_finds_every_row(entry: errorcodes.ErrorCode) -> None:
    assert entry in errorcodes.lookup(entry.code)


def test_loading_is_lazy() -> None:
    code = (
        "import sys\n"
        "from onboarding import errorcodes\n"
        "from onboarding.cli import main\n"
        "main(['--help']) if False else None\n"
        "main(['validate', sys.argv[1]])\n"
        "print(errorcodes.all_codes.cache_info().currsize)\n"
    )
    examples = Path(__file__).resolve().parents[1] / "examples" / "china.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(examples)], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0"


# -- the command ----------------------------------------------------------------------


def test_command_shows_every_product_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", "40001"]) == 0
    out = capsys.readouterr().out
    assert "OA Platform" in out and "Developer Platform" in out and "不合法的调用凭证" in out


def test_command_code_of_another_product_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", "40001", "--platform", "wecom"]) == 1
    assert capsys.readouterr().err.strip() == (
        "onboarding: 40001 has no meaning for WeCom (Work WeChat) "
        "(it is a code of OA Platform, Developer Platform)")


def test_command_unknown_code_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", "40001", "12345"]) == 1
    captured = capsys.readouterr()
    assert "40001" in captured.out
    assert "no error code 12345" in captured.err


def test_command_non_numeric_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", "abc"]) == 2
    assert "'abc' is not an error code" in capsys.readouterr().err


def test_command_negative_code_after_dashes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", "--", "-1"]) == 0
    assert "系统繁忙" in capsys.readouterr().out


def test_command_search_platform_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["errors", "--search", "菜单", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and set(rows[0]) == {"code", "platform", "message_zh", "meaning_en"}
    assert main(["errors", "--search", "SSID", "--platform", "wifi", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["platform"] for r in rows} == {"WeChat Wifi"}
    assert main(["errors", "--search", "no such words anywhere"]) == 1
    assert main(["errors", "--platform", "nope"]) == 2


def test_command_without_arguments_lists_product_lines(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    assert main(["errors"]) == 0
    out = capsys.readouterr().out
    assert "WeChat Wifi" in out and "48" in out


def test_a_product_line_is_found_by_its_chinese_name_in_either_language() -> None:
    from onboarding.errorcodes import match_platform, search

    assert match_platform("企业微信") == match_platform("wecom") == ["WeCom (Work WeChat)"]
    assert search("企业微信") and {e.platform for e in search("企业微信")} == {
        "WeCom (Work WeChat)"}
