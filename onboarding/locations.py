"""Where the portfolio lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from onboarding.config_home import APP_NAME, SETTINGS_ENV, SETTINGS_FILE
from onboarding.i18n import _

DB_ENV = "ONBOARDING_DB"


def data_dir() -> Path:
    """The platform's user data folder (XDG_DATA_HOME on Linux), per platformdirs."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The platform's user config folder (XDG_CONFIG_HOME on Linux), per platformdirs."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    """The settings file (`onboarding.settings` reads it; here so that finding it is cheap)."""
    explicit = os.environ.get(SETTINGS_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return config_dir() / SETTINGS_FILE


def default_key_path() -> Path:
    """The store's key unless ONBOARDING_KEY or the key_file setting gives one.

    In the config folder, not beside the store: a copy of the data folder (a backup, a
    synced folder) then holds the encrypted portfolio without the key that opens it.
    """
    return config_dir() / "portfolio.key"


def default_store_url() -> str:
    """One SQLite file in the user data folder."""
    return f"sqlite:///{data_dir() / 'portfolio.db'}"


def store_url(explicit: str | None = None) -> str:
    """--db, then $ONBOARDING_DB, then the default store."""
    return explicit or os.environ.get(DB_ENV) or default_store_url()


# Where `onboarding serve` listens unless told, and so where a link points without the
# public_url setting: this computer only (README "The client's own part, by link").
SERVE_HOST, SERVE_PORT = "127.0.0.1", 8765
DEFAULT_PUBLIC_URL = f"http://{SERVE_HOST}:{SERVE_PORT}"


def loopback(host: str) -> bool:
    """Whether an address is this computer only (127.x, ::1, localhost)."""
    return host in ("localhost", "::1") or host.startswith("127.")


def web_address(value: str) -> str:
    """An http(s) address a client's link starts with (no query, fragment or password,
    no trailing slash); ValueError, said in the interface's language, for anything else."""
    from urllib.parse import urlsplit

    value = value.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (ValueError for a port out of range)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or parts.query or parts.fragment or "@" in parts.netloc
            or parts.netloc.endswith(":")
            or any(ord(c) <= 32 or 0x7F <= ord(c) < 0xA0 for c in value)):
        raise ValueError(_("{value!r} is not an http:// or https:// address such as "
                           "https://onboarding.example.cn (no query, no password)")
                           .format(value=value))
    return value
