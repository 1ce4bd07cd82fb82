"""The files a store owns, and whether its database driver is installed.

Both read the URL as SQLAlchemy does, so they live with the store; the commands and the
TUI reach them when they write a file (never over the store) or open the store.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from onboarding.i18n import _
from onboarding.locations import default_key_path, store_url
from onboarding.settings import SettingsError, settings

# Beside a key file during and after `onboarding key rotate`: the new key until the
# store uses it (.new, and .new.<pid>-<tag> since each rotation stages its own), the previous
# one for backups made before, and the lock a rotation holds.
KEY_COMPANIONS = ("", ".new", ".old", ".lock")


# The files SQLite keeps beside a store: nothing else may ever be written over them.
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def store_files(url: str | None = None) -> list[Path]:
    """The store's own files for `url` (as `store_url` resolves it) and its key files.

    No output may ever be written over one of these (onboarding.outputs).
    """
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
