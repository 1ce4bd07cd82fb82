"""The translation layer: catalogs compiled on first use, the language chosen in order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from onboarding import i18n


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    i18n.use("en")


def test_english_is_the_msgid_and_chinese_comes_from_the_catalog() -> None:
    assert i18n._("Portfolio") == "Portfolio"
    i18n.use("zh")
    assert i18n._("Portfolio") == "客户账号"
    assert i18n._("no such message") == "no such message"


def test_a_temporary_language_is_restored() -> None:
    with i18n.language("zh"):
        assert i18n.current() == "zh"
    assert i18n.current() == "en" and i18n._("Portfolio") == "Portfolio"


def test_the_built_catalog_is_read_and_a_changed_source_wins(tmp_path, monkeypatch) -> None:
    """The .mo that building the package made is what is read (nothing is compiled into the
    user's cache); a .po changed after the build is read as it is now, never a stale .mo."""
    po = tmp_path / "zh" / "LC_MESSAGES" / "onboarding.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(i18n.catalog_path("zh").read_bytes())
    built = po.with_suffix(".mo")
    built.write_bytes(i18n.compile_catalog(
        po.read_text(encoding="utf-8").replace("客户账号", "已编译").encode(), "zh"))
    os.utime(po, (1_000_000, 1_000_000))  # the .po older than the build
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("zh").gettext("Portfolio") == "已编译"  # the built file
        po.write_text(po.read_text(encoding="utf-8").replace("客户账号", "账号列表"),
                      encoding="utf-8")
        os.utime(po, (built.stat().st_mtime + 10,) * 2)  # edited after the build
        i18n.translations.cache_clear()
        assert i18n.translations("zh").gettext("Portfolio") == "账号列表"
        assert not (tmp_path / "cache").exists()
    finally:
        i18n.translations.cache_clear()


def test_installing_the_package_compiled_the_catalogs() -> None:
    """`pip install -e .` (the README's, and CI's in a clean clone) ran the build hook: every
    language's .mo is beside its .po, made from it, not committed."""
    for lang in i18n.LANGUAGES:
        if lang == "en":
            continue
        built = i18n.catalog_path(lang).with_suffix(".mo")
        assert built.is_file(), f"{built}: run pip install -e . (hatch_build.py makes it)"
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "*.mo"], capture_output=True, text=True,
                             cwd=Path(i18n.LOCALE_DIR).parent.parent)
    assert tracked.returncode != 0 or tracked.stdout == ""


@pytest.mark.parametrize(("explicit", "env", "expected"), [
    ("zh", {"ONBOARDING_LANG": "en"}, "zh"),
    (None, {"ONBOARDING_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
    (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
    (None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"LC_MESSAGES": "zh_TW.UTF-8"}, "zh"),
    (None, {}, "en"),
])
def test_language_order(explicit: str | None, env: dict[str, str], expected: str,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    from onboarding.settings import language_setting, settings

    for name in ("ONBOARDING_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.cache_clear()
    assert i18n.resolve(explicit, language_setting) == expected


@pytest.mark.parametrize(("argv", "said"), [
    (["list", "--bogus"], "onboarding：错误：无法识别的参数：--bogus（参见 onboarding --help）"),
    (["mark", "1", "nope"], "onboarding mark：错误：参数 what：无效的选项：'nope'（可选："
                            "'registered', 'verified', 'paid', 'submitted'）"
                            "（参见 onboarding mark --help）"),
    (["show"], "onboarding show：错误：缺少必需的参数：ID（参见 onboarding show --help）"),
    (["errors", "40001", "--platform"], "参数 -p/--platform：需要一个值"),
])
def test_a_mistyped_command_is_told_in_chinese(argv: list[str], said: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """argparse wrote its part in English inside the Chinese frame."""
    from onboarding.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "zh", *argv])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert said in err and len(err.splitlines()) == 1, err


def test_argparse_says_its_own_words_from_the_catalog() -> None:
    """Every message argparse may show a person (extracted from the running Python's
    Lib/argparse.py, less its errors for a programmer) is marked for the catalog, and argparse
    looks it up there: an upgrade of Python that adds one fails here, not in front of a user."""
    import argparse

    from babel.messages.extract import extract_from_file

    from onboarding.cli import ARGPARSE_WORDS, build_parser

    for_programmers = {
        ".__call__() not defined", "conflicting subparser: %s",
        "conflicting subparser alias: %s", 'argument "-" with mode %r',
        "cannot merge actions - two groups are named %r",
        "'required' is an invalid argument for positionals",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
        "dest= is required for options like %r", "invalid conflict_resolution value: %r",
        ("conflicting option string: %s", "conflicting option strings: %s"),
        "mutually exclusive arguments must be optional",
        "cannot have multiple subparser arguments", "%r is not callable",
        "%(prog)s: error: %(message)s\n",  # onboarding.cli.Parser.error says its own
        ("expected %s argument", "expected %s arguments"),  # no option takes a fixed count
    }
    said = {message for _line, message, _comments, _context in extract_from_file(
        "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)})}
    assert said - for_programmers == set(ARGPARSE_WORDS)
    build_parser()
    with i18n.language("zh"):
        assert argparse._("usage: ") == "用法："  # type: ignore[attr-defined]
        assert argparse._(None) is None  # type: ignore[attr-defined]


def test_help_is_said_in_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` in Chinese: argparse's headings and every command's own help."""
    from onboarding.cli import main

    for argv, expected in ((["--lang", "zh", "--help"], ("用法：", "选项", "显示此帮助并退出",
                                                         "生成可打印的注册清单")),
                           (["mark", "--help", "--lang", "zh"], ("用法：", "位置参数",
                                                                "要记录哪个日期"))):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 0
        out = capsys.readouterr().out
        assert all(word in out for word in expected), out
        assert "usage:" not in out and "show this help" not in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    assert "usage: onboarding" in capsys.readouterr().out
