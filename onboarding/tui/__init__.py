"""The Textual face of the engine. Imported only when the TUI opens (start-up stays fast)."""

from __future__ import annotations

from onboarding import i18n


def run(store_url: str | None, *, open_id: int | None = None, new: bool = False,
        lang: str | None = None) -> int:
    """Open the app on the portfolio (or straight into one registration), in `lang` (the
    command line gives --lang, else ONBOARDING_LANG, the settings' `tui_lang` where f4 left
    it, or `lang`), else the language the command line chose (the locale's).

    The home screen's frame is drawn first, before anything of the settings or the store
    (their imports are the slow part of a start); the store is opened in a worker, which
    also reads the settings: a store or settings that cannot be used end the app with
    their one line and exit code 2, as the commands do.
    """
    from onboarding.tui.app import OnboardingApp

    language = lang if lang in i18n.LANGUAGES else i18n.current()
    app = OnboardingApp(store_url=store_url, open_id=open_id, new=new, lang=language)
    if open_id is not None or new:  # the wizard needs the store at once
        store = app.ensure_store()
        if open_id is not None:
            store.get(open_id)  # an unknown ID is reported before the screen opens
    app.run()
    app.close_store()
    return app.return_code or 0
