"""The translation layer: catalogs compiled on first use, the language chosen in order."""

from __future__ import annotations

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


def test_the_compiled_catalog_follows_the_source(tmp_path, monkeypatch) -> None:
    """A changed .po is never served from a stale compiled file (the cache is by hash)."""
    po = tmp_path / "zh" / "LC_MESSAGES" / "onboarding.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(i18n.catalog_path("zh").read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("zh").gettext("Portfolio") == "客户账号"
        po.write_text(po.read_text(encoding="utf-8").replace("客户账号", "账号列表"),
                      encoding="utf-8")
        i18n.translations.cache_clear()
        assert i18n.translations("zh").gettext("Portfolio") == "账号列表"
    finally:
        i18n.translations.cache_clear()


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
    from onboarding.settings import settings

    for name in ("ONBOARDING_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.cache_clear()
    assert i18n.resolve(explicit) == expected


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


def test_an_argparse_message_no_template_fits_is_said_as_it_is() -> None:
    from onboarding.argparse_words import said

    with i18n.language("zh"):
        assert said("something argparse has not said before") == (
            "something argparse has not said before")
        assert said("argument --on: 'x' is not a day") == "参数 --on：'x' is not a day"
    assert said("unrecognized arguments: --x") == "unrecognized arguments: --x"  # English
