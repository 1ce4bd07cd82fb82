"""The command line in Chinese (issue 17): --lang, ONBOARDING_LANG, the settings file and
the locale choose it; rule messages, results and one-line errors are said in it."""

from __future__ import annotations

import re

import pytest

from onboarding.cli import main
from tests.helpers import EXAMPLES

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BROKEN = str(EXAMPLES / "broken.yaml")
# The field paths examples/broken.yaml gets wrong: the answers file's own keys, in any language.
BROKEN_PATHS = ("account_type", "email", "region", "admin.passport_number", "admin.mobile",
                "profile.name", "profile.introduction", "operators[0].wechat_id",
                "operators[0].term", "operators[0].nickname")
HAN = re.compile(r"[\u4e00-\u9fff]")


def problems(out: str) -> dict[str, str]:
    """'FILE: path: message' lines as {path: message}."""
    found = {}
    for line in out.splitlines():
        path, _sep, message = line.removeprefix(f"{BROKEN}: ").partition(": ")
        found[path] = message
    return found


def test_onboarding_lang_zh_validate_says_each_problem_in_chinese_with_its_path(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_LANG", "zh")
    assert main(["validate", BROKEN]) == 1
    said = problems(capsys.readouterr().out)
    assert set(said) == set(BROKEN_PATHS)
    for path, message in said.items():
        assert HAN.search(message), f"{path}: {message!r} is not Chinese"
        # no English words left, beyond codes and values (CN, 'long', YYYY-MM-DD...)
        assert not re.search(r"\b(?:must|not|the|is|an?|only|at most)\b", message), message
    assert said["account_type"] == "海外主体只能注册服务号"
    assert said["operators[0].nickname"] == "未知的键（是否拼错了？）"
    assert said["profile.introduction"] == "须为 4 至 120 个字符（当前 2 个）"


def test_the_same_problems_in_english_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", BROKEN]) == 1
    said = problems(capsys.readouterr().out)
    assert set(said) == set(BROKEN_PATHS)
    assert said["account_type"] == "an overseas entity can only register a Service account (服务号)"
    assert said["profile.introduction"] == "must be 4 to 120 characters (this one has 2)"


@pytest.mark.parametrize("argv", [
    ["--lang", "zh", "validate", str(EXAMPLES / "china.yaml")],
    ["validate", str(EXAMPLES / "china.yaml"), "--lang", "zh"],  # after the command, as --db
    ["validate", str(EXAMPLES / "china.yaml"), "--lang=zh"],
])
def test_lang_before_or_after_the_command(argv: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    assert capsys.readouterr().out == f"{EXAMPLES / 'china.yaml'}: 有效\n"


def test_lang_on_the_command_line_wins_over_the_environment(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_LANG", "zh")
    assert main(["validate", str(EXAMPLES / "china.yaml"), "--lang", "en"]) == 0
    assert capsys.readouterr().out.endswith(": valid\n")


def test_the_locale_chooses_chinese(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["show", "7"]) == 1
    assert capsys.readouterr().err.endswith("\nonboarding：错误：没有编号为 7 的注册记录\n")


def test_the_settings_file_chooses_chinese(private_settings, capsys) -> None:
    private_settings.write_text('lang = "zh"\n', encoding="utf-8")
    assert main(["list"]) == 0
    assert capsys.readouterr().out.startswith("还没有注册记录。")


def test_a_broken_settings_file_still_gets_its_one_line_error(
        private_settings, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The language cannot come from a file that cannot be read: the locale's, and the
    command says what is wrong with the file, in that language."""
    private_settings.write_text("lang = [", encoding="utf-8")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("onboarding：错误：") and "不是有效的 TOML" in err


def test_argparse_errors_and_engine_errors_in_chinese(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "zh", "show", "abc"])
    assert exited.value.code == 2
    assert capsys.readouterr().err == ("onboarding show：错误：参数 ID：'abc' 不是注册记录编号"
                                       "（应为 1 至 2,147,483,647 的数字）（参见 onboarding show "
                                       "--help）\n")
    missing = tmp_path / "none.yaml"
    assert main(["--lang", "zh", "validate", str(missing)]) == 2
    assert capsys.readouterr().err == f"onboarding：错误：{missing}：文件不存在\n"


def test_a_pinned_day_that_is_no_date_is_said_in_chinese(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_TODAY", "soon")
    assert main(["--lang", "zh", "list"]) == 2
    assert capsys.readouterr().err == (
        "onboarding：错误：ONBOARDING_TODAY 须为 2026-11-25 这样的日期，而不是 'soon'\n")


def test_table_headers_in_chinese_stay_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    """A Chinese header is two cells a character: the rows' columns start under it."""
    assert main(["import", str(EXAMPLES / "china.yaml")]) == 0
    capsys.readouterr()
    assert main(["--lang", "zh", "list"]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert header.split() == ["编号", "客户", "路径", "进度", "状态", "下一截止日期"]
    header_starts, row_starts = column_starts(header), column_starts(row)
    assert len(header_starts) == 6 and set(header_starts) <= set(row_starts)


def column_starts(line: str) -> list[int]:
    """The terminal cells where each column of a printed table row begins."""
    from rich.cells import cell_len

    return [cell_len(line[:m.start()]) for m in re.finditer(r"(?:^|(?<=  ))\S", line)]


def test_deadline_counts_follow_the_plural_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--within", "1"]) == 0
    assert capsys.readouterr().out == "Nothing due in the next 1 day.\n"
    assert main(["deadlines", "--within", "3"]) == 0
    assert capsys.readouterr().out == "Nothing due in the next 3 days.\n"
    assert main(["--lang", "zh", "deadlines", "--within", "3"]) == 0
    assert capsys.readouterr().out == "未来 3 天内没有到期事项。\n"


def test_a_refused_registration_says_its_rules_in_the_language() -> None:
    from forms.issues import Issue
    from onboarding import i18n
    from onboarding.errors import error_line
    from onboarding.store.errors import InvalidRegistration

    refused = InvalidRegistration([Issue("email", "required"), Issue("region", "must be text")])
    assert error_line(refused) == "onboarding: error: email: required; region: must be text"
    with i18n.language("zh"):
        assert error_line(refused) == "onboarding：错误：email: 必填; region: 须为文本"


def test_choosing_the_language_keeps_help_fast() -> None:
    """--help says no word of its own: the language is never settled, so neither the
    settings (pydantic) nor the user folders (platformdirs) are loaded."""
    import subprocess
    import sys

    code = ("import sys\nfrom onboarding.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('pydantic_settings' in sys.modules, 'platformdirs' in sys.modules,\n"
            "      file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "False False"


def test_an_unknown_onboarding_lang_is_one_clear_line(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONBOARDING_LANG", "fr")
    assert main(["validate", str(EXAMPLES / "china.yaml")]) == 2
    assert capsys.readouterr().err == (
        "onboarding: error: ONBOARDING_LANG must be en / zh, not 'fr'\n")


def test_error_codes_in_chinese_say_wechats_own_message_first(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "zh", "errors", "40164"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("40164  公众平台 (OA Platform)")
    assert re.search(r"[\u4e00-\u9fff]", lines[1]) and not re.search(r"[\u4e00-\u9fff]",
                                                                       lines[2])
    assert main(["errors", "40164"]) == 0
    english = capsys.readouterr().out.splitlines()
    assert english[0] == "40164  OA Platform" and english[1:3] == lines[1:3][::-1]


def test_stored_deadlines_are_said_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    """The store keeps a deadline's title as English text (sealed when it names a person);
    every view says it, its days and its path in the reader's language, JSON stays English."""
    assert main(["import", str(EXAMPLES / "china.yaml")]) == 0
    capsys.readouterr()
    assert main(["--lang", "zh", "deadlines"]) == 0
    table = capsys.readouterr().out
    assert "提交微信认证申请" in table and "短期运营者李伟（liwei-shop）到期" in table
    values = ("Lotus Tea Shanghai", "liwei-shop")  # the client's own, as typed
    assert "还有5天" in table
    assert not re.search(r"[A-Za-z]{3,}", re.sub("|".join(values), "", table))
    assert main(["--lang", "zh", "list"]) == 0
    row = capsys.readouterr().out.splitlines()[1]
    assert "中国大陆" in row and "2026-11-30（还有5天）" in row
    assert main(["--lang", "zh", "show", "1"]) == 0
    assert "  - 完成微信认证：2026-12-20（还有25天）" in capsys.readouterr().out
    assert main(["--lang", "zh", "deadlines", "--json"]) == 0
    assert '"title": "Complete WeChat Verification (微信认证)"' in capsys.readouterr().out


def test_a_stored_title_is_read_back_as_the_message_it_was() -> None:
    from forms.requirements import said_again
    from forms.words import Message
    from onboarding import i18n

    title = said_again("operator_expiry", "Short-term operator A (b) {c} (x) expires")
    assert isinstance(title, Message) and title == "Short-term operator A (b) {c} (x) expires"
    assert said_again("verification", "within 30 days of registering", rule=True) == \
        "within 30 days of registering"
    with i18n.language("zh"):
        assert i18n.said(said_again("operator_expiry", "Short-term operator 3 expires")) == \
            "第3位短期运营者到期"
        assert i18n.said(said_again("verification", "within 30 days of registering",
                                    rule=True)) == "注册后30天内"
        # a title another release wrote, or an unknown kind: as it is
        assert said_again("verification", "Something new") == "Something new"
        assert said_again("no-such-kind", "Text") == "Text"


def test_flows_and_its_diagram_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 23: `flows --diagram --lang zh` stayed English. The steps by the WeChat
    backend's names (forms/registry.py), the guards in Chinese words."""
    assert main(["--lang", "zh", "flows"]) == 0
    out = capsys.readouterr().out
    assert "中国大陆主体：9 个步骤" in out and "海外主体：8 个步骤" in out
    assert "仅当注册主体为中国大陆主体" in out
    assert main(["--lang", "zh", "flows", "--diagram"]) == 0
    text = capsys.readouterr().out
    assert 'state "账号类型" as account_type' in text
    assert "organization --> authentication : 下一步 [注册主体为中国大陆主体]" in text
    assert "asked --> required : [注册主体为中国大陆主体且主体验证方式为微信认证]" in text
    labels = re.findall(r'state "([^"]+)"|: (.+)$', text, re.MULTILINE)
    words = [w for pair in labels for w in pair if w]
    assert words and all(HAN.search(w) for w in words), words
    assert not re.search(r"[A-Za-z]{3,}", " ".join(words)), words


def test_the_written_note_is_punctuated_as_chinese(tmp_path, capsys) -> None:
    """Issue 23's full-width punctuation, in the note `export -o` writes: '已写入 FILE（#1
    Lotus Tea Shanghai，yaml）', never ', yaml'; English keeps its comma."""
    assert main(["import", str(EXAMPLES / "china.yaml")]) == 0
    capsys.readouterr()
    out = tmp_path / "lotus.yaml"
    assert main(["--lang", "zh", "export", "1", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"已写入 {out}（#1 Lotus Tea Shanghai，yaml）\n"
    assert main(["export", "1", "-o", str(out), "--force"]) == 0
    assert capsys.readouterr().err == f"wrote {out} (#1 Lotus Tea Shanghai, yaml)\n"


def test_the_help_headings_end_in_a_full_width_colon_in_chinese(
        capsys: pytest.CaptureFixture[str]) -> None:
    """argparse writes its headings with ':'; Chinese ends them with '：' as every other
    line of the help does ('用法：')."""
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "link", "--help"])
    lines = capsys.readouterr().out.splitlines()
    assert "位置参数：" in lines and "选项：" in lines
    assert not [line for line in lines if line.endswith(":") and not line.startswith(" ")]
