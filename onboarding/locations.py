"""Where the portfolio lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from onboarding.i18n import _

APP_NAME = "onboarding"
DB_ENV = "ONBOARDING_DB"


def data_dir() -> Path:
    """The platform's user data folder (XDG_DATA_HOME on Linux), per platformdirs."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The platform's user config folder (XDG_CONFIG_HOME on Linux), per platformdirs."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


SETTINGS_ENV = "ONBOARDING_SETTINGS"


def settings_path() -> Path:
    """The settings file (`onboarding.settings` reads it; here so that finding it is cheap)."""
    explicit = os.environ.get(SETTINGS_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return config_dir() / "settings.toml"


def default_key_path() -> Path:
    """The store's key unless ONBOARDING_KEY or the key_file setting gives one.

    In the config folder, not beside the store: a copy of the data folder (a backup, a
    synced folder) then holds the encrypted portfolio without the key that opens it.
    """
    return config_dir() / "portfolio.key"


# Beside a key file during and after `onboarding key rotate`: the new key until the
# store uses it (.new, and .new.<pid>-<tag> since each rotation stages its own), the previous
# one for backups made before, and the lock a rotation holds.
KEY_COMPANIONS = ("", ".new", ".old", ".lock")


def default_store_url() -> str:
    """One SQLite file in the user data folder."""
    return f"sqlite:///{data_dir() / 'portfolio.db'}"


def store_url(explicit: str | None = None) -> str:
    """--db, then $ONBOARDING_DB, then the default store."""
    return explicit or os.environ.get(DB_ENV) or default_store_url()


# The files SQLite keeps beside a store: nothing else may ever be written over them.
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def store_files(url: str | None = None) -> list[Path]:
    """The store's own files for `url` (as `store_url` resolves it) and its key files.

    No output may ever be written over one of these (onboarding.outputs).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from onboarding.settings import SettingsError, settings

    keys = [default_key_path()]
    try:
        key_file = settings().key_file
    except SettingsError:
        key_file = None
    if key_file is not None:
        keys.append(key_file.expanduser())
    found = [key.with_name(key.name + suffix) for key in keys for suffix in KEY_COMPANIONS]
    try:
        parsed = make_url(store_url(url))
    except ArgumentError:
        return found
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        found += [path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS]
    return found


POSTGRES_INSTALL = "pip install 'wechat-onboarding[postgres]'"


def driver_problem(url: str | None = None) -> str | None:
    """Why the database driver `url` names cannot be loaded, with what to install; or None.

    Bad URLs and unknown databases are left to the store, which names them.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(store_url(url))
        dialect = parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):
        return None
    try:
        dialect.import_dbapi()
    except ImportError:
        where = parsed.render_as_string(hide_password=True)
        if parsed.get_backend_name() == "postgresql":
            if dialect.driver == "psycopg":
                return _("{where}: PostgreSQL needs its driver, which is not installed: "
                         "{install}").format(where=where, install=POSTGRES_INSTALL)
            return _("{where}: PostgreSQL needs its driver, which is not installed: {install} "
                     "and write the URL as postgresql+psycopg://... ({driver} is not the driver "
                     "it installs)").format(where=where, install=POSTGRES_INSTALL,
                                            driver=dialect.driver)
        return _("{where}: the database driver {driver!r} is not installed").format(
            where=where, driver=dialect.driver)
    return None


# Where `onboarding serve` listens unless told, and so where a link points without the
# public_url setting: this computer only (README "The client's own part, by link").
SERVE_HOST, SERVE_PORT = "127.0.0.1", 8765
DEFAULT_PUBLIC_URL = f"http://{SERVE_HOST}:{SERVE_PORT}"


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
