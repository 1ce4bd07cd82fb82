"""A language's lookup as the domain's texts read it (`forms.words`): the words, their
plurals and the language itself, so a Term says the WeChat backend's Chinese in Chinese and
a rulebook period says "30天". Unlike `i18n._` it follows no global switch: a checklist
written in Chinese while the screens stay English looks its words up here.
"""

from __future__ import annotations

from onboarding import i18n


class Lookup:
    """`translate` for `Message.render`, `Term.render`, `forms.figures.fill`..."""

    def __init__(self, language: i18n.Language) -> None:
        self.language = language
        self.writing = i18n.LANGUAGES[language]
        self._catalog = i18n.translations(language)

    def __call__(self, message: str) -> str:
        return self._catalog.gettext(message) if message else ""  # "": the header otherwise

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        said = self._catalog.ngettext(singular, plural, n)
        if said not in (singular, plural):
            return said
        # No plural entry: the domain marks a pair form by form (`N_` twice, as forms.figures
        # and forms.words.counted do), so each form is its own entry.
        return self(singular if n == 1 else plural)


def lookup(language: i18n.Language | None = None) -> Lookup:
    """The lookup of `language`, else of the language in use now."""
    return Lookup(language or i18n.current())
