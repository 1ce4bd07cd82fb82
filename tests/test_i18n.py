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
