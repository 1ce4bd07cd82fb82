"""Whether there is a settings file, told without platformdirs where the XDG Base Directory
spec settles the user config folder (Linux): `onboarding --help` asks it before it looks
for the language setting, so that platformdirs (8 ms with the pathlib and tempfile it loads)
and the settings' module are loaded only when there is a file to read.

Where the spec does not settle it (macOS, Windows, Android, a relative or blank
XDG_CONFIG_HOME, a HOME that is not an absolute path) it says it cannot tell, and
`onboarding.locations` asks platformdirs, which stays the one source of the folder:
tests/test_startup.py checks that both name the same one.
"""

from __future__ import annotations

import os
import sys

APP_NAME = "onboarding"
SETTINGS_ENV = "ONBOARDING_SETTINGS"
SETTINGS_FILE = "settings.toml"


def config_folder() -> str | None:
    """The user config folder of onboarding ($XDG_CONFIG_HOME/onboarding, else
    ~/.config/onboarding) on Linux; None where platformdirs is to be asked."""
    if not sys.platform.startswith("linux") or "ANDROID_DATA" in os.environ \
            or hasattr(sys, "getandroidapilevel"):
        return None
    configured = os.environ.get("XDG_CONFIG_HOME")
    if configured:
        return os.path.join(configured, APP_NAME) if os.path.isabs(configured) else None
    home = os.environ.get("HOME", "")
    return os.path.join(home, ".config", APP_NAME) if os.path.isabs(home) else None


def no_settings_file() -> bool:
    """True when there is surely no settings file ($ONBOARDING_SETTINGS, else the one in
    the config folder); False when there is one, or when only platformdirs can tell."""
    explicit = os.environ.get(SETTINGS_ENV)
    if explicit:
        return not os.path.exists(os.path.expanduser(explicit))
    folder = config_folder()
    return folder is not None and not os.path.exists(os.path.join(folder, SETTINGS_FILE))
