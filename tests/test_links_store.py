"""Client links in the store (issue 24): made, entered once, answered, accepted or sent back;
the token and the session kept only as digests, the client's answers sealed; schema 8."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from onboarding.links import parse_parts
from onboarding.store import InvalidRegistration, Refused, open_store
from onboarding.store.links import digest
from onboarding.store.tables import SCHEMA_VERSION
from tests.helpers import china, china_account, resident_id

TODAY = date(2026, 11, 25)
NOW = datetime.now(UTC)  # link times are the wall clock's (rows() reads it)


def test_a_token_opens_once_and_only_its_digest_is_kept(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = store.add(china()).id
    token, info = store.make_link(reg_id, ["admin", "operators"], now=NOW)
    assert len(token) >= 22 and info.parts == ("admin", "operators")  # 128 bits or more
    assert [r.link for r in store.rows(TODAY)] == ["open"]
    session = store.enter_link(token, now=NOW + timedelta(minutes=1))
    assert session and session != token
    assert store.enter_link(token, now=NOW + timedelta(minutes=2)) is None  # used once
    assert store.enter_link("made-up", now=NOW) is None
    assert store.session_link(session, now=NOW + timedelta(hours=1)) is not None
    engine = create_engine(store_url)
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT token_digest, session_digest FROM client_links")
                            ).one()
    engine.dispose()
    assert kept == (digest(token), digest(session))
    store.close()
    raw = Path(store_url.removeprefix("sqlite:///"))
    if raw.exists():
        assert token.encode() not in raw.read_bytes()
        assert session.encode() not in raw.read_bytes()


def test_an_expired_or_revoked_link_opens_nothing(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["admin"], hours=1, now=NOW - timedelta(hours=2))
    assert store.enter_link(token, now=NOW) is None
    assert [r.link for r in store.rows(TODAY)] == ["expired"]
    token, _info = store.make_link(reg_id, ["admin"], now=NOW)
    session = store.enter_link(token, now=NOW)
    assert session is not None
    store.revoke_link(reg_id)
    assert store.session_link(session, now=NOW) is None
    assert [r.link for r in store.rows(TODAY)] == [None]
    with pytest.raises(Refused):
        store.revoke_link(reg_id)


def test_the_clients_answers_are_sealed_until_accepted(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["admin"], now=NOW)
    session = store.enter_link(token, now=NOW)
    assert session is not None
    admin = dict(store.get(reg_id).answers["admin"], id_number=resident_id(77), name="赵敏")
    store.save_client_answers(session, {"admin": admin}, ["admin.id_number"],
                              ["admin.id_number", "admin.name"], now=NOW)
    assert store.get(reg_id).answers["admin"]["name"] == "王芳"  # apart until accepted
    with pytest.raises(Refused):
        store.accept_link(reg_id)  # not sent yet
    engine = create_engine(store_url)
    with engine.connect() as conn:
        kept = str(conn.execute(text("SELECT answers FROM client_links")).scalar())
    engine.dispose()
    assert resident_id(77) not in kept and "赵敏" not in kept and "sealed:1:" in kept
    store.send_link(session, now=NOW)
    assert [r.link for r in store.rows(TODAY)] == ["answered"]
    record = store.accept_link(reg_id)
    assert record.answers["admin"]["id_number"] == resident_id(77)
    assert record.answers["admin"]["name"] == "赵敏"
    assert record.stage == "registered" and store.link(reg_id) is None
    history = store.history(reg_id)
    lines = [(e.who, e.via, e.action, e.fields) for e in history[1:]]
    assert lines == [
        (lines[0][0], "command line", "make client link", ("admin",)),
        ("client", "client link", "open client link", ()),
        ("client", "client link", "save", ("admin.id_number", "admin.name")),
        ("client", "client link", "send client link", ("admin",)),
        (lines[0][0], "command line", "accept client link", lines[4][3]),
    ]
    # as the wizard keeps them: the mobile typed in the file is kept as +86139... now
    assert {"admin.id_number", "admin.name"} <= set(lines[4][3]) <= {
        "admin.id_number", "admin.name", "admin.mobile"}
    written = " ".join(e.line() for e in history)
    assert resident_id(77) not in written and "赵敏" not in written and token not in written


def test_sent_back_with_a_note_the_link_is_open_again(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["profile"], now=NOW)
    session = store.enter_link(token, now=NOW)
    assert session is not None
    store.send_link(session, now=NOW)
    with pytest.raises(Refused):
        store.save_client_answers(session, {}, [], [], now=NOW)  # sent: read only
    back = store.send_back_link(reg_id, "请写公司全称")
    assert (back.state, back.note) == ("open", "请写公司全称")
    assert store.session_link(session, now=NOW) is not None  # the same session goes on
    engine = create_engine(store_url)
    with engine.connect() as conn:
        note = str(conn.execute(text("SELECT note FROM client_links")).scalar())
    engine.dispose()
    assert "公司全称" not in note


def test_a_new_link_replaces_the_old_and_keeps_its_answers(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = store.add(china()).id
    old_token, _info = store.make_link(reg_id, ["admin", "profile"], now=NOW)
    session = store.enter_link(old_token, now=NOW)
    assert session is not None
    profile = dict(store.get(reg_id).answers["profile"], operating_area="Suzhou")
    store.save_client_answers(session, {"profile": profile}, [], ["profile.operating_area"],
                              now=NOW)
    token, info = store.make_link(reg_id, ["profile"], now=NOW)
    assert info.answers == {"profile": profile} and info.parts == ("profile",)
    assert store.session_link(session, now=NOW) is None
    assert store.enter_link(old_token, now=NOW) is None and store.enter_link(token, now=NOW)


def test_a_link_needs_an_entity_and_a_registration_that_can_be_edited(store_url: str
                                                                      ) -> None:
    store = open_store(store_url)
    draft = store.save_draft({"answers": {"client": "Draft Co"}, "current": "start",
                              "submitted": []})
    with pytest.raises(Refused, match="entity"):
        store.make_link(draft.id, ["admin"])
    with pytest.raises(Refused):
        store.make_link(draft.id, ["admin"], hours=0)
    assert parse_parts("profile, admin") == ("admin", "profile")  # the page's order
    with pytest.raises(ValueError):
        parse_parts("admin,email")


def test_the_clients_limits_name_no_other_client(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(1, 6):
        store.add(china_account(n, admin=1))
    reg_id = store.add(china_account(6, admin=2)).id
    check = store.client_checks(reg_id)
    sixth = china_account(6, admin=1)
    found = [i for i in check("organization", sixth) if i.path == "admin.id_number"]
    assert found and "Client" not in found[0].text() and "#" not in found[0].text()
    assert "5" in found[0].text()
    named = store.cross_account_issues(sixth, reg_id)
    assert any("#1 Client 1" in i.text() for i in named)  # the consultant's view names them


def test_accepting_what_breaks_a_limit_is_refused_and_the_link_stays(store_url: str) -> None:
    store = open_store(store_url)
    for n in range(1, 6):
        store.add(china_account(n, admin=1))
    reg_id = store.add(china_account(6, admin=2)).id
    token, _info = store.make_link(reg_id, ["admin"], now=NOW)
    session = store.enter_link(token, now=NOW)
    assert session is not None
    store.save_client_answers(session, {"admin": china_account(6, admin=1)["admin"]}, [],
                              ["admin.id_number"], now=NOW)
    store.send_link(session, now=NOW)
    with pytest.raises(InvalidRegistration):
        store.accept_link(reg_id)
    link = store.link(reg_id)
    assert link is not None and link.state == "answered"


def test_a_purge_or_a_removal_takes_the_links_with_it(store_url: str) -> None:
    store = open_store(store_url)
    reg_id = store.add(china()).id
    store.mark(reg_id, "verified", TODAY)
    store.make_link(reg_id, ["profile"], now=NOW)
    store.purge(reg_id)
    assert store.link(reg_id) is None
    other = store.add(china_account(2)).id
    store.make_link(other, ["profile"], now=NOW)
    store.remove(other)
    engine = create_engine(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM client_links")).scalar() == 0
    engine.dispose()


def test_a_rotation_seals_the_clients_answers_anew(store_url: str, tmp_path: Path) -> None:
    from onboarding.store.crypto import MasterKey

    store = open_store(store_url)
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["admin"], now=NOW)
    session = store.enter_link(token, now=NOW)
    assert session is not None
    admin = dict(store.get(reg_id).answers["admin"], name="赵敏")
    store.save_client_answers(session, {"admin": admin}, [], ["admin.name"], now=NOW)
    new = MasterKey.generate()
    store.rotate(new)
    store.close()
    again = open_store(store_url, key=new)
    link = again.link(reg_id)
    assert link is not None and link.answers["admin"]["name"] == "赵敏"


def test_a_schema_6_store_gains_the_links_table(store_url: str) -> None:
    first = open_store(store_url)
    reg_id = first.add(china()).id
    first.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE client_links"))
        conn.execute(text("UPDATE onboarding_meta SET value = '6' WHERE key = 'schema_version'"))
    engine.dispose()
    store = open_store(store_url)
    assert store.get(reg_id).client == "Lotus Tea Shanghai"
    token, _info = store.make_link(reg_id, ["admin"], now=NOW)
    assert store.enter_link(token, now=NOW)
    assert [e.action for e in store.history()][-3] == f"upgrade to schema {SCHEMA_VERSION}"
    store.close()
    engine = create_engine(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM onboarding_meta WHERE key = "
                                 "'schema_version'")).scalar() == str(SCHEMA_VERSION)
    engine.dispose()


def test_a_schema_8_store_without_its_links_table_is_damaged(tmp_path: Path) -> None:
    from onboarding.store import DamagedStore

    url = f"sqlite:///{tmp_path / 'p.db'}"
    open_store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE client_links"))
    engine.dispose()
    with pytest.raises(DamagedStore, match="client_links"):
        open_store(url)


def test_accepting_answers_that_change_nothing_still_closes_the_link(store_url: str) -> None:
    """A client who sends their part back as it was: accepting it closes the link and is
    recorded (the save that writes nothing when nothing changed skipped both)."""
    store = open_store(store_url)
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["profile"], now=NOW)
    session = store.enter_link(token, now=NOW)
    assert session is not None
    store.send_link(session, now=NOW)
    store.accept_link(reg_id)
    assert store.link(reg_id) is None
    assert store.history(reg_id)[-1].action == "accept client link"
    store.close()
