"""The command line of issue 13: `key show|rotate`, `purge`, `history`; a purged
registration in `show`, `checklist` and `export`; the key kept out of the settings file and
never written over."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from onboarding.cli import main
from onboarding.locations import default_key_path
from onboarding.settings import settings
from onboarding.store.crypto import MasterKey
from tests.helpers import EXAMPLES, ready_china

CHINA, OVERSEAS = str(EXAMPLES / "china.yaml"), str(EXAMPLES / "overseas.yaml")


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    return ["--db", f"sqlite:///{tmp_path / 'portfolio.db'}"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def verified_pair(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """#1 China (registered), #2 overseas (verified)."""
    assert main([*db, "import", CHINA, OVERSEAS]) == 0
    assert main([*db, "mark", "2", "verified", "--on", "2026-11-24"]) == 0
    capsys.readouterr()


def test_the_first_store_says_where_its_new_key_is(db: list[str],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *db, "import", CHINA)
    assert code == 0
    assert err.splitlines() == [f"onboarding: note: made the store's key in {default_key_path()};"
                                " back it up: without it the personal data in the store cannot "
                                "be read"]
    assert run(capsys, *db, "import", OVERSEAS)[2] == ""  # said once


def test_key_show_says_where_the_key_lives_and_whether_it_opens_the_store(
        db: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, *db, "key", "show")
    assert code == 0 and "none yet" in out and "not created yet" in out
    assert not default_key_path().exists()  # showing never makes a key
    run(capsys, *db, "import", CHINA)
    code, out, err = run(capsys, *db, "key", "show")
    key = MasterKey.from_text(default_key_path().read_text(), "test")
    assert code == 0 and not err
    assert f"key file {default_key_path()}" in out
    assert out.count(key.fingerprint) == 2  # the key's, and the one the store expects
    monkeypatch.setenv("ONBOARDING_KEY", MasterKey.generate().text())
    settings.cache_clear()
    code, out, err = run(capsys, *db, "key", "show")
    assert code == 2 and "ONBOARDING_KEY" in out
    assert err == f"onboarding: error: this key does not open the store: it expects the key " \
                  f"{key.fingerprint}\n"


def test_a_wrong_key_exits_2_in_one_line_for_every_command(
        db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, *db, "import", CHINA)
    expected = MasterKey.from_text(default_key_path().read_text(), "test").fingerprint
    before = (tmp_path / "portfolio.db").read_bytes()
    monkeypatch.setenv("ONBOARDING_KEY", MasterKey.generate().text())
    settings.cache_clear()
    for argv in (["list"], ["show", "1"], ["import", OVERSEAS], ["mark", "1", "verified"],
                 ["purge", "1", "--yes"], ["history"], ["key", "rotate", "-o", "x.key"]):
        code, out, err = run(capsys, *db, *argv)
        assert code == 2 and not out, argv
        assert len(err.splitlines()) == 1 and f"expects the key {expected}" in err, err
    assert (tmp_path / "portfolio.db").read_bytes() == before


def test_key_rotate_replaces_the_key_file_and_keeps_the_old_one(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    verified_pair(db, capsys)
    old = default_key_path().read_text()
    code, out, err = run(capsys, *db, "key", "rotate")
    assert code == 0 and not err
    assert "the previous key is kept in" in out and "needs the new key now" in out
    assert default_key_path().with_name("portfolio.key.old").read_text() == old
    assert default_key_path().read_text() != old
    assert stat.S_IMODE(default_key_path().stat().st_mode) == 0o600
    assert run(capsys, *db, "show", "2")[0] == 0
    assert run(capsys, *db, "history")[1].splitlines()[-1].endswith("rotate key (command line)")


def test_purge_asks_first_and_then_keeps_only_hashes(db: list[str], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    verified_pair(db, capsys)
    code, _, err = run(capsys, *db, "purge", "2")  # not a terminal: --yes is needed
    assert code == 2 and "add --yes" in err
    code, _, err = run(capsys, *db, "purge", "1", "--yes")
    assert code == 1 and "not verified yet" in err
    code, out, err = run(capsys, *db, "purge", "2", "--yes")
    assert code == 0 and not err
    assert out == "#2 Nordlicht Outdoor GmbH: personal data removed on 2026-11-25; the limits " \
                  "still count it\n"
    assert run(capsys, *db, "purge", "2", "--yes")[1].endswith("already removed on 2026-11-25\n")
    code, out, _ = run(capsys, *db, "show", "2")
    assert code == 0 and "personal data removed on 2026-11-25" in out
    assert "passport_number: (removed)" in out and "C01X00T47" not in out
    code, out, _ = run(capsys, *db, "checklist", "2")  # verified: only what is left to do
    assert code == 0 and "- [ ] Operator: **(removed)**, WeChat ID (removed)" in out
    exported = tmp_path / "nordlicht.yaml"
    code, _, err = run(capsys, *db, "export", "2", "-o", str(exported))
    assert code == 0 and "cannot be imported as it is" in err
    assert "passport_number: (removed)" in exported.read_text()
    code, out, _ = run(capsys, "validate", str(exported))
    assert code == 1 and "admin.passport_number: this personal data was removed" in out
    code, _, err = run(capsys, *db, "resume", "2")
    assert code == 1 and "can no longer be edited" in err
    code, out, _ = run(capsys, *db, "deadlines")
    assert code == 0 and "Renew WeChat Verification" in out


def test_the_limits_still_count_a_purged_registration(db: list[str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    verified_pair(db, capsys)
    run(capsys, *db, "purge", "2", "--yes")
    code, out, _ = run(capsys, *db, "import", OVERSEAS)  # the same email, name, passport
    assert code == 1
    assert "email: already used" in out and "not imported" in out


def test_history_shows_who_changed_what(db: list[str], capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONBOARDING_CONSULTANT_NAME", "Li Wei")
    settings.cache_clear()
    verified_pair(db, capsys)
    run(capsys, *db, "purge", "2", "--yes")
    run(capsys, *db, "remove", "2", "--yes")
    code, out, err = run(capsys, *db, "history", "2")
    assert code == 0 and not err
    lines = out.splitlines()
    assert [line.split("  ")[2].split(" (")[0] for line in lines] == [
        "import", "mark verified", "purge", "remove"]
    assert all("  Li Wei  " in line and "(command line)" in line for line in lines)
    assert "Jonas Becker" not in out and "C01X00T47" not in out
    code, out, _ = run(capsys, *db, "history", "--json")
    rows = json.loads(out)
    assert [(r["action"], r["registration"]) for r in rows] == [
        ("import", 1), ("import", 2), ("mark verified", 2), ("purge", 2), ("remove", 2)]
    assert run(capsys, *db, "history", "9")[0] == 1


def test_the_key_stays_out_of_the_settings_file(private_settings: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    key = MasterKey.generate().text()
    code, _, err = run(capsys, "config", "key", key)
    assert code == 2 and "cannot be kept in the settings file" in err
    assert not private_settings.exists() or key not in private_settings.read_text()
    private_settings.write_text(f'key = "{key}"\n')
    settings.cache_clear()
    code, _, err = run(capsys, "list")
    assert code == 2 and "cannot be kept in the settings file" in err and key not in err
    private_settings.unlink()
    monkeypatch.setenv("ONBOARDING_KEY", key)
    settings.cache_clear()
    code, out, _ = run(capsys, "config")
    assert code == 0 and key not in out and "**********" in out


def test_no_output_replaces_the_default_key_file(db: list[str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, *db, "import", CHINA)
    key = default_key_path()
    before = key.read_bytes()
    for target in (key, key.with_name("portfolio.key.old")):
        code, _, err = run(capsys, *db, "export", "1", "-o", str(target), "--format", "yaml",
                           "--force")
        assert code == 2 and "the portfolio's store" in err
    assert key.read_bytes() == before


def test_the_sqlite_file_of_the_cli_holds_no_number(db: list[str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, *db, "import", CHINA, OVERSEAS)
    data = b"".join(p.read_bytes() for p in tmp_path.glob("portfolio.db*"))
    for value in (b"310104199001011233", b"C01X00T47", b"13912345678", b"15123456789"):
        assert value not in data
    with sqlite3.connect(tmp_path / "portfolio.db") as conn:
        email = conn.execute("SELECT json_extract(state, '$.answers.email') FROM registrations"
                             ).fetchone()[0]
    conn.close()
    assert email.startswith("sealed:1:")


def test_a_revealed_checklist_is_readable_by_its_owner_only(
        db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ready = tmp_path / "ready.json"  # not registered yet: its checklist has every step
    ready.write_text(json.dumps(ready_china(), default=str))
    run(capsys, *db, "import", str(ready))
    revealed, masked = tmp_path / "full.html", tmp_path / "masked.html"
    assert run(capsys, *db, "checklist", "1", "--reveal", "-o", str(revealed))[0] == 0
    assert run(capsys, *db, "checklist", "1", "-o", str(masked))[0] == 0
    assert stat.S_IMODE(revealed.stat().st_mode) == 0o600
    assert "310104199001011233" in revealed.read_text()
    assert "310104199001011233" not in masked.read_text()
    assert "310**************3" in masked.read_text()


def test_the_purge_question_is_asked_in_chinese_and_takes_a_chinese_yes(
        db: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """It once listed what it removes in English inside the Chinese question, and took
    only y/yes as yes."""
    verified_pair(db, capsys)
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "是")
    code, out, _err = run(capsys, *db, "--lang", "zh", "purge", "2")
    assert code == 0 and "已保留" not in out, out  # not "kept"
    assert "管理员" in asked[0] and "administrator" not in asked[0], asked[0]


def test_a_purged_checklist_says_removed_in_its_language(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """The stored marker is "(removed)"; a Chinese checklist once printed it as it is."""
    verified_pair(db, capsys)
    assert run(capsys, *db, "purge", "2", "--yes")[0] == 0
    code, zh, _err = run(capsys, *db, "checklist", "2", "--lang", "zh")
    assert code == 0 and "(removed)" not in zh and zh.count("已清除") >= 2, zh
    assert "运营者：**已清除**" in zh
    assert "(removed)" in run(capsys, *db, "checklist", "2")[1]


def test_only_the_purge_that_did_it_says_removed(
        db: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Three concurrent `purge 2` all said "personal data removed" (issue 25): each read the
    registration before another purged it."""
    import onboarding.commands.purge
    from onboarding.store import open_store

    verified_pair(db, capsys)
    opened = onboarding.commands.purge.open_registration

    def another_came_first(args: object, reg_id: int | None = None) -> object:
        found = opened(args, reg_id)  # read: not purged yet
        other = open_store(db[1])
        other.purge(2)
        other.close()
        return found

    monkeypatch.setattr(onboarding.commands.purge, "open_registration", another_came_first)
    code, out, err = run(capsys, *db, "purge", "2", "--yes")
    assert code == 0 and not err
    assert out == "#2 Nordlicht Outdoor GmbH: its personal data was already removed on " \
                  "2026-11-25\n"


def test_purge_says_when_another_program_keeps_the_log_from_being_emptied(
        db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from onboarding.store import open_store

    verified_pair(db, capsys)
    other = open_store(db[1])  # the TUI, in the middle of a read
    holder = other.engine.connect()
    holder.exec_driver_sql("SELECT COUNT(*) FROM registrations").scalar()
    try:
        code, out, err = run(capsys, *db, "purge", "2", "--yes")
    finally:
        holder.close()
        other.close()
    assert code == 0 and "personal data removed" in out
    assert err.startswith("onboarding: note: another program is using the store") and \
        err.count("\n") == 1 and "portfolio.db-wal" in err


def test_an_import_stopped_by_a_rotation_names_the_files_that_did_not_go_in(
        db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rotation between two chunks of an import stops it: the files after it are named
    (issue 25: the import stopped after 500 files and named none of the rest)."""
    import onboarding.commands.import_ as command
    from onboarding.store import open_store
    from onboarding.store.rotation import rotate_key
    from tests.helpers import china_account

    files = []
    for n in range(4):
        path = tmp_path / f"client{n}.json"
        path.write_text(json.dumps(china_account(n, admin=n), default=str))
        files.append(str(path))
    assert main([*db, "import", files[0]]) == 0
    capsys.readouterr()
    monkeypatch.setattr("onboarding.store.writes.IMPORT_CHUNK", 1)
    read = command.read_answers

    def rotated_meanwhile(name: str) -> object:
        if name == files[2]:  # the second chunk: another consultant rotates the key first
            other = open_store(db[1])
            rotate_key(other)
            other.close()
        return read(name)

    monkeypatch.setattr(command, "read_answers", rotated_meanwhile)
    code, out, err = run(capsys, *db, "import", *files[1:])
    assert code == 2
    assert out.splitlines() == [f"{files[1]}: imported as #2 (Client 1)",
                                f"{files[2]}: not imported", f"{files[3]}: not imported"]
    assert len(err.splitlines()) == 1 and "key was changed" in err
