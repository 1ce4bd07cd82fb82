"""Damaged stores (issue 10, items 7, 8 and 12): one line and exit 2, never a traceback,
the file's bytes unchanged; a damaged registration does not hide the others; readers
never wait for a writer."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from onboarding.cli import main
from onboarding.store import open_store
from tests.helpers import china, overseas


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A store with two registrations (#1 China, #2 overseas)."""
    path = tmp_path / "portfolio.db"
    store = open_store(f"sqlite:///{path}")
    store.add(china())
    store.add(overseas())
    store.close()
    return path


def damage(path: Path, *statements: str) -> bytes:
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()  # the WAL is folded into the file: its bytes are final
    return path.read_bytes()


def run(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", f"sqlite:///{path}", *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(("statements", "reason"), [
    (["UPDATE onboarding_meta SET value = 'abc' WHERE key = 'schema_version'"],
     "schema version 'abc' is not a release number"),
    (["DELETE FROM onboarding_meta WHERE key = 'key_fingerprint'"],
     "its key fingerprint is missing"),
    (["UPDATE onboarding_meta SET value = 'not hex at all' WHERE key = 'key_fingerprint'"],
     "its key fingerprint is missing or unreadable"),
    (["DELETE FROM onboarding_meta WHERE key = 'person_key_salt'"],
     "its person-key salt is missing"),
    (["DELETE FROM onboarding_meta"], "its schema version and key fingerprint are missing"),
    (["DROP TABLE audit"], "table audit is missing"),
    (["DROP TABLE person_keys"], "table person_keys is missing"),
])
@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["import", "examples/china.yaml"]])
def test_damaged_store_is_one_line_and_untouched(
    path: Path, capsys: pytest.CaptureFixture[str], statements: list[str], reason: str,
    command: list[str],
) -> None:
    before = damage(path, *statements)
    code, _out, err = run(path, capsys, *command)
    assert code == 2
    line = one_line(err)
    assert reason in line and "left untouched" in line
    assert path.read_bytes() == before


def test_emptied_meta_never_gets_a_new_key(path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A new key would open nothing and make the limits stop matching (a 6th account)."""
    damage(path, "DELETE FROM onboarding_meta")
    for _ in range(2):
        assert run(path, capsys, "import", "examples/china.yaml")[0] == 2
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM onboarding_meta").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM registrations").fetchone() == (2,)
    conn.close()


@pytest.mark.parametrize("state", ["'this is not json'", "'null'", "'[1, 2]'",
                                   """'{"answers": "x"}'""", """'{"submitted": [{}]}'"""])
def test_a_damaged_registration_is_named_and_the_rest_still_show(
    path: Path, capsys: pytest.CaptureFixture[str], state: str
) -> None:
    before = damage(path, f"UPDATE registrations SET state = {state} WHERE id = 2")
    code, out, _ = run(path, capsys, "list")
    assert code == 0 and "Lotus Tea Shanghai" in out  # the list reads the derived columns
    code, out, err = run(path, capsys, "show", "2")
    assert code == 2
    assert "registration #2 is damaged" in one_line(err)
    assert run(path, capsys, "show", "1")[0] == 0
    code, _, err = run(path, capsys, "mark", "2", "verified", "--on", "2026-11-24")
    assert code == 2 and "registration #2 is damaged" in one_line(err)
    assert path.read_bytes() == before


def test_a_damaged_date_is_one_line(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = damage(path, "UPDATE registrations SET registered_on = 'yesterday' WHERE id = 1",
                    "UPDATE registrations SET obligation_due = 'soon' WHERE id = 2")
    code, out, err = run(path, capsys, "show", "1")
    assert code == 2 and "registration #1 is damaged" in one_line(err)
    code, out, _ = run(path, capsys, "list", "--json")
    assert code == 0 and '"status": "damaged"' in out  # #2 named, #1 listed
    assert path.read_bytes() == before


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def sqlite_without_tables(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 7")  # writes a valid header, no tables
    conn.close()


@pytest.mark.parametrize("make", [zero_bytes, sqlite_without_tables])
def test_empty_file_or_database_is_not_a_portfolio(tmp_path: Path, make: Callable[[Path], None],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.db"
    make(path)
    before = path.read_bytes()
    code, _, err = run(path, capsys, "list")
    assert code == 2 and "not an onboarding store" in one_line(err)
    assert path.read_bytes() == before


def test_random_byte_flips_never_give_a_traceback(path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    good = path.read_bytes()
    rng = random.Random(12)
    for _ in range(25):
        data = bytearray(good)
        for _ in range(8):
            at = rng.randrange(100, len(data))
            data[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        for command in (["list"], ["show", "1"], ["deadlines"]):
            code, _, err = run(path, capsys, *command)
            assert code in (0, 1, 2) and "Traceback" not in err
            if code == 2:
                one_line(err)
        assert path.read_bytes() == bytes(data)


def test_readers_never_wait_for_a_writer(path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    holder = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing
    holder.execute("UPDATE registrations SET client = client")
    try:
        store = open_store(f"sqlite:///{path}", timeout=0.2)
        assert len(store.list()) == 2
        for command in (["list"], ["show", "1"], ["deadlines"], ["export", "1"]):
            assert run(path, capsys, *command)[0] == 0, command
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
