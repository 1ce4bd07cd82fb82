"""The user's settings, read in one place: environment, then the settings file, then defaults.

The file is TOML in the user config folder (`~/.config/onboarding/settings.toml` on Linux,
or `$ONBOARDING_SETTINGS`); every variable is `ONBOARDING_<NAME>`. `onboarding config`
shows and changes them. Every piece that needs a setting calls `settings()`.
"""

from __future__ import annotations

import os
import stat
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onboarding.errors import reason
from onboarding.i18n import Language, _
from onboarding.locations import settings_path
from onboarding.outputs import OutputError, write_file

if TYPE_CHECKING:
    from onboarding.settings_model import Settings

MAX_FILE_BYTES = 64 * 1024


class SettingsError(Exception):
    """The settings file or a variable cannot be used: one line for the user."""


ENVIRONMENT_ONLY = ("key",)  # secrets: a settings file gets copied and shared


def no_secrets(values: dict[str, Any], path: Path) -> None:
    for name in ENVIRONMENT_ONLY:
        if name in values:
            raise SettingsError(
                _("{path}: {name} cannot be kept in the settings file; give it as "
                  "ONBOARDING_{upper} or keep it in a key file (key_file)")
                  .format(path=path, name=name, upper=name.upper()))


def readable(path: Path) -> Path | None:
    """The settings file when it is a small regular file; None when there is none."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SettingsError(_("{path}: cannot read the settings file ({strerror})")
                              .format(path=path, strerror=exc.strerror)) from None
    if not stat.S_ISREG(info.st_mode):
        raise SettingsError(_("{path}: the settings file is not a regular file").format(path=path))
    if info.st_size > MAX_FILE_BYTES:
        raise SettingsError(_("{path}: the settings file is larger than {MAX_FILE_BYTES} bytes")
                              .format(path=path, MAX_FILE_BYTES=MAX_FILE_BYTES))
    return path


def language_setting(*, tui: bool = False) -> Language | None:
    """The language the settings choose (ONBOARDING_LANG, else the file's `lang`) for
    `i18n.resolve`: None when they choose none or cannot be read (what reads them reports
    it). The TUI (`tui`) reads its own `tui_lang` first, where its language switch leaves it
    (the commands never do); ONBOARDING_LANG still wins. Without that variable or a
    settings file, nothing is read (and pydantic not loaded): every command asks this."""
    if not (os.environ.get("ONBOARDING_LANG") or settings_path().exists()):
        return None
    try:
        found = settings()
    except SettingsError:
        return None
    if tui and not os.environ.get("ONBOARDING_LANG"):
        return found.tui_lang or found.lang
    return found.lang


@cache
def settings() -> Settings:
    """The settings in force, read once per process. Their model (pydantic, tomlkit) is
    loaded here and in `save`: what reads no setting never pays for it."""
    from onboarding import settings_model

    return settings_model.load()


def too_deep(path: Path) -> SettingsError:
    return SettingsError(_("{path}: not valid TOML (nested too deeply)").format(path=path))


def file_values() -> dict[str, Any]:
    """What the settings file itself holds (no environment, no defaults)."""
    import tomllib  # 8 ms, which the language lookup of every command need not pay

    path = readable(settings_path())
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(_("{path}: not valid TOML ({reason})")
                              .format(path=path, reason=exc)) from None
    except RecursionError:
        raise too_deep(path) from None


def save(**changes: Any) -> Path:
    """Write changed settings to the file (None removes one), checked before writing. Only
    those values change: the user's comments, order and layout stay as they wrote them."""
    from onboarding import settings_model

    path = settings_path()
    no_secrets(changes, path)
    data = settings_model.changed_file(path, changes)
    try:  # as every file is written: whole or not at all, never through a link
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_file(path, data, force=True, private=True)
    except OutputError as exc:
        raise SettingsError(reason(exc)) from None
    except OSError as exc:
        raise SettingsError(_("{path}: cannot write the settings file ({strerror})")
                              .format(path=path, strerror=exc.strerror)) from None
    settings.cache_clear()
    return path
