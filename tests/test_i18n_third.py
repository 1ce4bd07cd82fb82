"""A third language is its catalog and one line in `onboarding.i18n.LANGUAGES` (issue 21,
item 5): registered here with a minimal catalog in a temporary folder and no other change,
it is taken by `--lang`, the `lang` setting, `checklist --lang`, the naming of the WeChat
backend's terms and the TUI's language switch."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.words import Term, Writing, named
from onboarding import i18n
from onboarding.cli import main
from tests.helpers import EXAMPLES

# A few German words: argparse's own, a command's help, a field and a step, the checklist's.
GERMAN = {
    "usage: ": "Aufruf: ",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "list the registrations in the portfolio": "die Registrierungen im Portfolio auflisten",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ungültige Wahl: %(value)r (möglich: %(choices)s)",
    "Account type": "Kontotyp",
    "Administrator": "Administrator",
    "WeChat Official Account registration checklist": "Checkliste zur Registrierung",
    "Portfolio": "Portfolio",
}


def _po(words: dict[str, str]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
              '"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
    return header + "".join(f"msgid {quoted(k)}\nmsgstr {quoted(v)}\n\n"
                            for k, v in words.items())


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """German, registered as a maintainer would: its catalog beside the others, and its
    line in LANGUAGES (the code and its name in its own words; punctuation as English)."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    catalog = locale / "de" / "LC_MESSAGES" / "onboarding.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(_po(GERMAN), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setitem(i18n.LANGUAGES, "de", Writing("de", "Deutsch"))  # the one line
    i18n.translations.cache_clear()
    yield "de"
    i18n.use("en")
    i18n.translations.cache_clear()


def test_the_command_line_takes_it(german: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", german, "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: onboarding") and "{en,zh,de}" in out
    assert "die Registrierungen im Portfolio auflisten" in out and "Optionen" in out
    with pytest.raises(SystemExit):  # argparse's errors in German too
        main(["--lang", german, "mark", "1", "nope"])
    assert "ungültige Wahl: 'nope'" in capsys.readouterr().err


def test_the_lang_setting_and_the_environment_take_it(german: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from onboarding.settings import language_setting, save, settings

    save(lang=german)
    assert settings().lang == german and i18n.resolve(setting=language_setting) == german
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert i18n.from_locale() == german


def test_a_checklist_is_written_in_it(german: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "checkliste.html"
    assert main(["checklist", str(EXAMPLES / "china.yaml"), "--lang", german,
                 "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="de"' in html and "Checkliste zur Registrierung" in html
    # a backend term named by the rule: the name in German, the backend's Chinese beside it
    assert "Kontotyp" in html and "账号类型" in html
    capsys.readouterr()


def test_the_backend_terms_are_named_by_the_one_rule(german: str) -> None:
    from onboarding.tui.words import step_name, term_text

    i18n.use(german)
    assert named("Account type", "账号类型", i18n._) == "Kontotyp (账号类型)"
    assert Term("Service account", "服务号").render(i18n._) == "Service account (服务号)"
    assert term_text("Account type", "账号类型") == "Kontotyp  账号类型"
    assert step_name("account_type") == "Kontotyp (账号类型)"


async def test_the_tui_switches_through_it(german: str, tmp_path: Path,
                                           private_settings: Path) -> None:
    """f4 goes en -> zh -> de -> en, each remembered; the header names the next one."""
    from onboarding.store import open_store
    from onboarding.tui.app import OnboardingApp
    from onboarding.tui.widgets.header import LanguageKey

    store = open_store(f"sqlite:///{tmp_path / 'portfolio.db'}")
    app = OnboardingApp(store, checklist_folder=tmp_path, lang="zh")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "Deutsch" in str(pilot.app.screen.query_one(LanguageKey).render())
        await pilot.press("f4")
        await pilot.pause()
        assert i18n.current() == german
        assert 'tui_lang = "de"' in private_settings.read_text(encoding="utf-8")
        assert "English" in str(pilot.app.screen.query_one(LanguageKey).render())
        await pilot.press("f4")
        await pilot.pause()
        assert i18n.current() == "en"
