"""Where the portfolio lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "onboarding"
DB_ENV = "ONBOARDING_DB"


def data_dir() -> Path:
    """The platform's user data folder (XDG_DATA_HOME on Linux), per platformdirs."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_store_url() -> str:
    """One SQLite file in the user data folder."""
    return f"sqlite:///{data_dir() / 'portfolio.db'}"


def store_url(explicit: str | None = None) -> str:
    """--db, then $ONBOARDING_DB, then the default store."""
    return explicit or os.environ.get(DB_ENV) or default_store_url()
