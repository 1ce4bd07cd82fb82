"""The client's page in a real browser (issue 24): Debian's chromium driven by Playwright for
Python, against `onboarding serve`'s app on a free loopback port in a thread.

No browser is ever downloaded (`playwright install` is never run): the tests use
/usr/bin/chromium (CHROMIUM names another) and skip, saying why, where there is none. The
page is used as a client would: a phone's screen, Chinese typed as an input method commits
it, a field left with an error, a reload half-way, the form sent. Screenshots at 360 and
1200 px go to $ONBOARDING_SCREENSHOTS when it is set (to be looked at), else to tmp_path.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from onboarding.store import Store, open_store  # noqa: E402
from tests.helpers import china, resident_id  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1200, "height": 900}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(),
    reason=f"no chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk "
    "(.ci/run does) to run the browser tests")


@dataclass
class Served:
    store: Store
    base: str
    url: str


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The app of `onboarding serve`, by uvicorn, on a free port of 127.0.0.1."""
    import uvicorn

    from onboarding.web.app import make_app

    url = f"sqlite:///{tmp_path / 'portfolio.db'}"
    store = open_store(url)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app(store), log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    for _n in range(500):  # started: a bounded wait, not a timed assertion
        if server.started:
            break
        time.sleep(0.01)
    try:
        yield Served(store, f"http://127.0.0.1:{port}", url)
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()
        store.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def screenshot(page: Any, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ["ONBOARDING_SCREENSHOTS"]) if os.environ.get(
        "ONBOARDING_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # a page was drawn, not a blank
    return path


def type_as_ime(page: Any, selector: str, text: str) -> None:
    """Chinese as an input method commits it: the composed text arrives at once (an `input`
    event, no key presses), then the field is left (Tab)."""
    page.click(selector)
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.insert_text(text)


def leave(page: Any, dom: str) -> Any:
    """Tab away from a field and wait for its saved error line (htmx swapped it)."""
    with page.expect_response(lambda r: r.url.endswith("/field")) as answered:
        page.keyboard.press("Tab")
    assert answered.value.status == 200
    page.wait_for_function(  # htmx has put the answer in place
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, "
        ".htmx-added')")
    return page.locator(f"#err-{dom}")


def test_a_client_fills_their_part_on_a_phone_in_chinese(served: Served, browser: Any,
                                                         tmp_path: Path) -> None:
    store = served.store
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["admin", "operators"])
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(served.base) else
               outside.append(r.url))
    page = context.new_page()
    page.goto(f"{served.base}/c/{token}")
    page.wait_for_url(f"{served.base}/form")
    assert token not in page.url
    assert page.locator("h1").inner_text() == "请填写您的注册资料"
    assert "管理员姓名" in page.locator("#organization, #admin").inner_text()
    assert page.locator("#in-admin-id_number").input_value() == ""  # masked, never in clear
    assert "310**************3" in page.locator("#box-admin-id_number").inner_text()

    type_as_ime(page, "#in-admin-name", "欧阳娜娜")
    assert leave(page, "admin-name").inner_text() == ""
    page.fill("#in-admin-id_number", "310104199001011234")  # a wrong check digit
    error = leave(page, "admin-id_number")
    assert error.get_attribute("class") == "error" and error.inner_text()
    assert "身份证" in error.inner_text() or "校验" in error.inner_text()
    page.fill("#in-admin-id_number", resident_id(31))
    assert leave(page, "admin-id_number").inner_text() == ""
    type_as_ime(page, "#in-operators-1-name", "张伟")
    leave(page, "operators-1-name")
    page.fill("#in-operators-1-wechat_id", "zhang wei")  # a space: WeChat refuses it
    assert leave(page, "operators-1-wechat_id").inner_text()
    screenshot(page, tmp_path, "client-link-360-error.png")

    page.reload()  # half-way: what was typed is kept
    assert page.locator("#in-admin-name").input_value() == "欧阳娜娜"
    assert page.locator("#in-admin-id_number").input_value() == resident_id(31)  # typed here
    assert page.locator("#in-operators-1-name").input_value() == "张伟"
    assert page.locator("#err-operators-1-wechat_id").inner_text()  # still wrong, still said

    page.fill("#in-operators-1-wechat_id", "zhangwei_88")
    leave(page, "operators-1-wechat_id")
    with page.expect_navigation():
        page.click("text=+ 添加运营者")
    type_as_ime(page, "#in-operators-2-name", "李娜")
    leave(page, "operators-2-name")
    page.fill("#in-operators-2-wechat_id", "lina_2026")
    leave(page, "operators-2-wechat_id")
    page.check("#box-operators-2-term input[value=short]")
    screenshot(page, tmp_path, "client-link-360.png")
    page.set_viewport_size(DESKTOP)
    screenshot(page, tmp_path, "client-link-1200.png")
    page.set_viewport_size(PHONE)

    page.click("text=提交给我的顾问")
    page.wait_for_selector("text=已提交给您的顾问")
    screenshot(page, tmp_path, "client-link-360-sent.png")
    assert outside == []  # nothing but the served pages: no font, script or CDN

    link = store.link(reg_id)
    assert link is not None and link.state == "answered"
    assert link.answers["admin"]["name"] == "欧阳娜娜"
    assert [o["wechat_id"] for o in link.answers["operators"]] == [
        "anna_schmidt88", "zhangwei_88", "lina_2026"]
    assert link.answers["operators"][2]["term"] == "short"
    context.close()


def test_a_link_opened_from_another_site_keeps_its_session(served: Served, browser: Any
                                                          ) -> None:
    """WeChat opens a link from its own pages: the first request is cross-site, and a
    SameSite=Strict cookie set then must still reach the form (the page moves on itself)."""
    store = served.store
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["profile"])
    context = browser.new_context(viewport=PHONE)
    chat = "http://wechat.example/chat"
    context.route(chat, lambda route: route.fulfill(
        content_type="text/html; charset=utf-8",
        body=f'<a id="go" href="{served.base}/c/{token}">链接</a>'))
    page = context.new_page()
    page.goto(chat)
    page.click("#go")
    page.wait_for_url(f"{served.base}/form")
    assert page.locator("#in-profile-name").input_value() == "莲花茶业LotusTea"
    other = browser.new_context(viewport=PHONE)  # the same link on another phone
    again = other.new_page()
    answer = again.goto(f"{served.base}/c/{token}")
    assert answer is not None and answer.status == 404
    assert "此链接无法打开" in again.content()
    other.close()
    context.close()


def test_the_page_in_english(served: Served, browser: Any, tmp_path: Path) -> None:
    store = served.store
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["organization", "profile"])
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{served.base}/c/{token}")
    page.wait_for_url(f"{served.base}/form")
    page.click("text=English")
    page.wait_for_selector("text=Your part of the registration")
    page.fill("#in-profile-introduction", "短")
    error = leave(page, "profile-introduction")
    assert "characters" in error.inner_text()
    screenshot(page, tmp_path, "client-link-1200-en.png")
    context.close()


def test_enter_in_a_field_saves_and_removes_nothing(served: Served, browser: Any) -> None:
    """A phone's Go key (Enter) submits the form with its default button, the first submit
    button in the page: it must be Save, never an operator's Remove (found by hand: Enter in
    the organization's name removed operator #1)."""
    store = served.store
    reg_id = store.add(china()).id
    token, _info = store.make_link(reg_id, ["organization", "operators"])
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{served.base}/c/{token}")
    page.wait_for_url(f"{served.base}/form")
    before = [page.locator(f"#in-operators-{n}-wechat_id").input_value() for n in (0, 1)]
    type_as_ime(page, "#in-organization-name", "上海莲花茶业股份有限公司")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("input[name$='].wechat_id']").count() == 2
    assert [page.locator(f"#in-operators-{n}-wechat_id").input_value()
            for n in (0, 1)] == before
    assert page.locator("#in-organization-name").input_value() == "上海莲花茶业股份有限公司"
    context.close()
