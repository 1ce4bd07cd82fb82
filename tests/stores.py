"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

PostgreSQL comes from `.ci/postgres.sh` (ONBOARDING_TEST_PG). Without it the PostgreSQL
cases skip with the reason the script gave, or with how to start one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PG_ENV, PG_SKIP_ENV = "ONBOARDING_TEST_PG", "ONBOARDING_TEST_PG_SKIP"


def pg_url() -> str:
    """The test database; each pytest-xdist worker gets its own, made on first use."""
    url = os.environ.get(PG_ENV)
    if not url:
        reason = os.environ.get(PG_SKIP_ENV) or (
            f"no PostgreSQL server: run `eval \"$(bash .ci/postgres.sh)\"` to start one "
            f"and set {PG_ENV}"
        )
        pytest.skip(f"PostgreSQL store tests skipped: {reason}")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


@cache
def _worker_database(url: str, worker: str) -> str:
    from sqlalchemy import create_engine, make_url, text

    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                            {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def reset_pg(url: str) -> None:
    """Empty the test database so each test starts from a new store."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'portfolio.db'}"
        return
    url = pg_url()
    reset_pg(url)
    yield url
    reset_pg(url)
