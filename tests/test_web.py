"""The client's page (issue 24), through Starlette's TestClient: the one-time token swapped
for a session cookie, CSRF and Origin, limits, hostile input, the wizard's questions and
errors in Chinese, answers sealed at rest, the audit trail, the consultant's side."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from onboarding.cli import main
from onboarding.store import Store, open_store
from onboarding.web import guard
from onboarding.web.app import make_app
from tests.helpers import china, china_account, resident_id

ORIGIN = {"origin": "http://testserver"}
CLOSED_ZH = "此链接无法打开"


class Clock:
    """The limits' clock, moved by hand: no test waits."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'portfolio.db'}"


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    opened = open_store(url)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(store: Store, clock: Clock) -> TestClient:
    return TestClient(make_app(store, hosts=["testserver"], limits=guard.Limits.default(clock)),
                      follow_redirects=False)


def linked(store: Store, parts: tuple[str, ...] = ("admin", "operators"),
           answers: dict[str, Any] | None = None) -> tuple[int, str]:
    reg_id = store.add(answers or china()).id
    token, _info = store.make_link(reg_id, list(parts))
    return reg_id, token


def enter(client: TestClient, token: str) -> str:
    """Open the link as the client's phone does; the page's CSRF token."""
    assert client.get(f"/c/{token}").status_code == 200
    page = client.get("/form")
    assert page.status_code == 200, page.text
    return csrf_of(page.text)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None
    return found.group(1)


def leave(client: TestClient, csrf: str, path: str, value: str, **headers: str) -> Any:
    """Leave a field after typing `value` (what htmx posts)."""
    return client.post("/field", data={"csrf": csrf, "path": path, path: value},
                       headers=headers or ORIGIN)


# -- the token ----------------------------------------------------------------------------

def test_the_token_is_swapped_for_a_strict_httponly_session_and_opens_once(
        store: Store, client: TestClient) -> None:
    _reg_id, token = linked(store)
    first = client.get(f"/c/{token}")
    assert first.status_code == 200
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert first.headers["refresh"] == "0; url=/form"  # on to an address without the token
    assert token not in first.text and first.headers["referrer-policy"] == "no-referrer"
    assert client.get("/form").status_code == 200
    elsewhere = TestClient(client.app, follow_redirects=False)
    again = elsewhere.get(f"/c/{token}")
    assert again.status_code == 404 and CLOSED_ZH in again.text and "顾问" in again.text
    assert elsewhere.get("/form").status_code == 404  # no session there
    made_up = elsewhere.get("/c/" + "A" * 43)
    assert made_up.status_code == 404 and CLOSED_ZH in made_up.text


def test_an_expired_or_revoked_link_and_its_session_open_nothing(store: Store) -> None:
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["admin"], hours=1,
                                   now=datetime.now(UTC) - timedelta(hours=2))
    client = TestClient(make_app(store, hosts=["testserver"]), follow_redirects=False)
    assert client.get(f"/c/{token}").status_code == 404
    token, _info = store.make_link(reg_id, ["admin"])
    enter(client, token)
    store.revoke_link(reg_id)
    page = client.get("/form")
    assert page.status_code == 404 and CLOSED_ZH in page.text


def test_guessing_tokens_is_limited(store: Store, client: TestClient, clock: Clock) -> None:
    _reg_id, token = linked(store)
    most, seconds = guard.GUESSES_PER_ADDRESS
    for n in range(most):
        assert client.get(f"/c/guess{n}").status_code == 404
    refused = client.get(f"/c/{token}")  # even the right one, until the window passes
    assert refused.status_code == 429 and "尝试次数过多" in refused.text
    clock.now += seconds
    assert client.get(f"/c/{token}").status_code == 200


def test_nothing_else_is_reachable(store: Store, client: TestClient) -> None:
    linked(store)
    for path in ("/", "/list", "/c/", "/registrations/1", "/static/../app.py", "/form/1"):
        answer = client.get(path)
        assert answer.status_code in (404, 405), path
        assert "Lotus" not in answer.text
    assert client.get("/static/htmx.min.js").status_code == 200


def test_a_foreign_host_name_is_refused(store: Store) -> None:
    client = TestClient(make_app(store), base_url="http://rebound.example")  # DNS rebinding
    assert client.get("/form").status_code == 400


# -- posts: CSRF, Origin, size, shape -----------------------------------------------------

def test_a_post_needs_the_pages_csrf_token_and_origin(store: Store, client: TestClient) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    assert leave(client, "", "admin.name", "赵敏").status_code == 403
    assert leave(client, "0" * 64, "admin.name", "赵敏").status_code == 403
    foreign = leave(client, csrf, "admin.name", "赵敏", origin="http://evil.example")
    assert foreign.status_code == 403 and "只接受自己的表单" in foreign.text
    bare = client.post("/field", data={"csrf": csrf, "path": "admin.name",
                                       "admin.name": "x"})
    assert bare.status_code == 403  # neither Origin nor Referer
    by_referer = leave(client, csrf, "admin.name", "赵敏", referer="http://testserver/form")
    assert by_referer.status_code == 200
    link = store.link(1)
    assert link is not None and link.answers["admin"]["name"] == "赵敏"


def test_bodies_are_limited_and_must_be_the_form(store: Store, client: TestClient) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    big = client.post("/form", content=b"csrf=" + b"x" * (guard.MAX_BODY + 1),
                      headers={**ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413 and "内容过多" in big.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: cut while it streams
        yield b"csrf=" + csrf.encode()
        for _n in range(20):
            yield b"&a=" + b"x" * 8000

    streamed = client.post("/form", content=chunks(), headers={
        **ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413
    as_json = client.post("/form", json={"csrf": csrf}, headers=ORIGIN)
    assert as_json.status_code == 415
    not_utf8 = client.post("/form", content=b"csrf=" + csrf.encode() + b"&admin.name=%ff",
                           headers={**ORIGIN,
                                    "content-type": "application/x-www-form-urlencoded"})
    assert not_utf8.status_code == 400
    unknown = client.post("/field", data={"csrf": csrf, "path": "email", "email": "a@b.cn"},
                          headers=ORIGIN)
    assert unknown.status_code == 400  # a field the link does not open
    assert store.link(1).answers == {}  # type: ignore[union-attr]


def test_saves_are_limited(store: Store, client: TestClient, clock: Clock) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    most, seconds = guard.SAVES_PER_SESSION
    for n in range(most):
        assert leave(client, csrf, "admin.name", f"王{n}").status_code == 200
    refused = leave(client, csrf, "admin.name", "赵敏")
    assert refused.status_code == 429 and "保存次数过多" in refused.text
    clock.now += seconds
    assert leave(client, csrf, "admin.name", "赵敏").status_code == 200


def test_hostile_text_is_refused_at_the_door_and_never_saved(store: Store,
                                                             client: TestClient) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    escape = leave(client, csrf, "admin.name", "王\x1b[31m芳")
    assert escape.status_code == 200 and "控制字符" in escape.text and "U+001B" in escape.text
    long = leave(client, csrf, "admin.name", "王" * (guard.MAX_VALUE + 1))
    assert "过长" in long.text or "太长" in long.text
    markup = leave(client, csrf, "admin.name", "<script>alert(1)</script>")
    assert markup.status_code == 200
    page = client.get("/form").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert store.link(1).answers["admin"]["name"] == "<script>alert(1)</script>"  # type: ignore[union-attr]


# -- the questions, errors and answers ----------------------------------------------------

def test_the_page_asks_the_wizards_questions_in_chinese(store: Store, client: TestClient
                                                        ) -> None:
    _reg_id, token = linked(store, ("admin", "operators", "organization", "profile"))
    enter(client, token)
    page = client.get("/form").text
    for label in ("管理员姓名", "管理员身份证号码", "管理员手机号码", "运营者微信号", "主体名称",
                  "统一社会信用代码", "公众号名称", "功能介绍", "长期运营者"):
        assert label in page, label
    assert 'lang="zh-Hans"' in page
    assert "登录邮箱" not in page  # the email is the consultant's part
    assert "http://" not in page and "https://" not in page  # nothing from elsewhere
    assert 'src="/static/htmx.min.js"' in page
    client.get("/lang/en")
    english = client.get("/form").text
    assert "Administrator&#39;s name" in english and 'lang="en"' in english


def test_errors_are_said_beside_the_field_in_the_pages_language(store: Store,
                                                                client: TestClient) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    blank = leave(client, csrf, "admin.name", "")
    assert 'id="err-admin-name"' in blank.text and "必填" in blank.text
    wrong = leave(client, csrf, "admin.id_number", "310104199001011234")
    assert "校验" in wrong.text or "身份证" in wrong.text, wrong.text
    client.get("/lang/en")
    wrong = leave(client, csrf, "admin.id_number", "310104199001011234")
    assert "check" in wrong.text.lower(), wrong.text
    fine = leave(client, csrf, "admin.id_number", resident_id(5))
    assert 'class="quiet"' in fine.text and "Saved" in fine.text


def test_a_personal_number_shows_only_masked_unless_typed_here(store: Store,
                                                              client: TestClient) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    page = client.get("/form").text
    assert "310104199001011233" not in page and "310**************3" in page
    assert "13912345678" not in page.replace(" ", "")
    leave(client, csrf, "admin.id_number", resident_id(5))
    page = client.get("/form").text
    assert resident_id(5) in page  # typed in this session
    form = {"csrf": csrf, "do": "save", "admin.id_number": "", "admin.mobile": ""}
    assert client.post("/form", data=form, headers=ORIGIN).status_code == 303
    link = store.link(1)
    assert link is not None and link.answers["admin"]["id_number"] == resident_id(5)
    assert link.answers["admin"]["mobile"] == store.get(1).answers["admin"]["mobile"]  # kept


def test_answers_are_sealed_at_rest(store: Store, client: TestClient, url: str) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    leave(client, csrf, "admin.name", "欧阳娜娜")
    leave(client, csrf, "admin.id_number", resident_id(42))
    leave(client, csrf, "admin.mobile", "13800138000")
    leave(client, csrf, "operators[0].wechat_id", "secret_wechat_77")
    store.close()
    files = [Path(url.removeprefix("sqlite:///"))]
    files += [files[0].with_name(files[0].name + s) for s in ("-wal", "-journal")]
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    for typed in ("欧阳娜娜", resident_id(42), "13800138000", "secret_wechat_77", token):
        assert typed.encode() not in raw, typed


def test_a_sixth_account_on_one_administrator_is_refused_naming_nobody(
        store: Store, client: TestClient) -> None:
    for n in range(1, 6):
        store.add(china_account(n, admin=1))
    _reg_id, token = linked(store, answers=china_account(6, admin=2))
    csrf = enter(client, token)
    refused = leave(client, csrf, "admin.id_number", resident_id(1))
    assert "该管理员已管理 5 个公众号" in refused.text
    assert "Client" not in refused.text and "#" not in refused.text
    sent = client.post("/form", data={"csrf": csrf, "do": "send"}, headers=ORIGIN)
    assert sent.status_code == 422 and "Client 1" not in sent.text
    assert "需要修改" in sent.text


def test_operators_are_added_and_removed_on_the_page(store: Store, client: TestClient) -> None:
    _reg_id, token = linked(store)
    csrf = enter(client, token)
    added = client.post("/form", data={"csrf": csrf, "do": "add:operators"}, headers=ORIGIN)
    assert added.status_code == 303 and added.headers["location"] == "/form#operators"
    link = store.link(1)
    assert link is not None and len(link.answers["operators"]) == 3
    assert link.answers["operators"][2] == {"term": "long"}
    leave(client, csrf, "operators[2].name", "张伟")
    leave(client, csrf, "operators[2].wechat_id", "zhangwei_01")
    client.post("/form", data={"csrf": csrf, "do": "remove:operators:0"}, headers=ORIGIN)
    link = store.link(1)
    assert link is not None
    assert [o["wechat_id"] for o in link.answers["operators"]] == ["liwei-shop", "zhangwei_01"]


# -- sending, and the consultant's side ---------------------------------------------------

def test_sent_the_consultant_sees_it_answered_reviews_and_accepts(
        store: Store, client: TestClient, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    reg_id, token = linked(store)
    csrf = enter(client, token)
    leave(client, csrf, "admin.name", "赵敏")
    leave(client, csrf, "admin.id_number", resident_id(9))
    sent = client.post("/form", data={"csrf": csrf, "do": "send"}, headers=ORIGIN)
    assert sent.status_code == 303
    page = client.get("/form").text
    assert "已提交给您的顾问" in page and resident_id(9) in page
    again = leave(client, csrf, "admin.name", "王芳")
    assert again.status_code == 409  # sent: nothing more changes
    assert main(["list", "--db", url]) == 0
    assert "registered · link answered" in capsys.readouterr().out
    assert main(["show", str(reg_id), "--db", url]) == 0
    shown = capsys.readouterr().out
    assert "link answered" in shown and "* Administrator's name (管理员姓名): 王芳 → 赵敏" in shown
    assert resident_id(9) not in shown and "310**************" in shown  # masked
    assert main(["link", str(reg_id), "--send-back", "请核对身份证号", "--db", url]) == 0
    capsys.readouterr()
    page = client.get("/form").text
    assert "请核对身份证号" in page and "您的顾问退回了资料" in page
    assert client.post("/form", data={"csrf": csrf, "do": "send"},
                       headers=ORIGIN).status_code == 303
    assert main(["link", str(reg_id), "--accept", "--db", url]) == 0
    assert "admin.name" in capsys.readouterr().out
    record = open_store(url).get(reg_id)
    assert record.answers["admin"]["name"] == "赵敏"
    assert client.get("/form").status_code == 404  # closed once accepted


def test_the_audit_trail_names_fields_never_values_or_tokens(
        store: Store, client: TestClient, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    reg_id, token = linked(store)
    csrf = enter(client, token)
    leave(client, csrf, "admin.name", "赵敏")
    leave(client, csrf, "admin.mobile", "13800138000")
    client.post("/form", data={"csrf": csrf, "do": "send"}, headers=ORIGIN)
    assert main(["link", str(reg_id), "--accept", "--db", url]) == 0
    assert main(["history", str(reg_id), "--json", "--db", url]) == 0
    text = capsys.readouterr().out
    for secret in ("赵敏", "13800138000", "8613800138000", token):
        assert secret not in text
    entries = store.history(reg_id)
    web = [(e.who, e.via, e.action, e.fields) for e in entries if e.via == "client link"]
    assert ("client", "client link", "save", ("admin.name",)) in web
    assert ("client", "client link", "save", ("admin.mobile",)) in web
    assert [e.action for e in entries][-1] == "accept client link"


def exit_code(args: list[str]) -> int:
    """main's exit code, argparse's usage errors (SystemExit) included."""
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_the_cli_makes_and_revokes_a_link(store: Store, url: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    reg_id = store.add(china()).id
    assert main(["link", str(reg_id), "--parts", "admin,profile", "--hours", "5",
                 "--base-url", "https://onb.example.cn/", "--db", url]) == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(r"https://onb\.example\.cn/c/[A-Za-z0-9_-]{43}\n", out)
    assert "admin, profile" in err and "opens once" in err
    assert main(["link", str(reg_id), "--db", url]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("http://127.0.0.1:8765/c/") and "made before" in err
    assert main(["link", str(reg_id), "--revoke", "--db", url]) == 0
    assert main(["link", str(reg_id), "--revoke", "--db", url]) == 1  # none left
    assert main(["link", str(reg_id), "--accept", "--db", url]) == 1
    assert exit_code(["link", str(reg_id), "--parts", "email", "--db", url]) == 2
    assert exit_code(["link", str(reg_id), "--hours", "0", "--db", url]) == 2
    assert exit_code(["link", str(reg_id), "--base-url", "ftp://x", "--db", url]) == 2
    assert "ftp://x" in capsys.readouterr().err
    assert main(["link", "99", "--db", url]) == 1
    assert main(["link", str(reg_id), "--base-url", "http://10.1.2.3:8765", "--db", url]) == 0
    assert "not https" in capsys.readouterr().err


def test_serve_refuses_a_port_in_use_and_warns_off_loopback(
        store: Store, url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port), "--db", url]) == 2
        assert "cannot listen" in capsys.readouterr().err
    served: list[dict[str, Any]] = []
    monkeypatch.setattr("onboarding.web.serve", lambda store, **kw: served.append(kw))
    assert main(["serve", "--host", "0.0.0.0", "--port", str(port), "--db", url]) == 0
    err = capsys.readouterr().err
    assert "without --behind-proxy" in err and served[0]["behind_proxy"] is False
    assert main(["serve", "--port", str(port), "--db", url]) == 0
    assert "warning" not in capsys.readouterr().err and served[1]["host"] == "127.0.0.1"
    assert exit_code(["serve", "--port", "0"]) == 2


def test_help_and_other_commands_never_import_the_web_server() -> None:
    import subprocess
    import sys

    code = ("import sys; from onboarding.cli import main\n"
            "try:\n    main(['serve', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('starlette', 'uvicorn', 'qrcode', 'onboarding') and "
            "(m.startswith('onboarding.web') or not m.startswith('onboarding'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
