"""Browser steps shared by the portal stories: a page in Chinese, signing in, and running
GraphQL steps (tests/steps) against the real server for what a story is not about."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx

from domain.kernel.db.engine import Database
from tests.browser.conftest import Server
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, REGISTRY, VOLUNTEERS

PASSWORD = "flood-relief-2020"
WAIT = 20_000  # ms
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

R = TypeVar("R")


def new_page(browser: Any, server: Server) -> Any:
    """A fresh context in zh-CN, 1280 px wide, collecting page errors and CSP refusals."""
    context = browser.new_context(locale="zh-CN", viewport=WIDE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # What the Content-Security-Policy blocks is only said on the console.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.errors = errors
    page.goto(server.url + "/")
    return page


def sign_in(page: Any, email: str) -> None:
    page.get_by_role("link", name="登录").click()
    # Exact labels: the page left behind (a sign-up form's 联系邮箱, 管理员密码) may still be
    # on screen while the sign-in form replaces it.
    page.get_by_label("邮箱", exact=True).fill(email)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出").wait_for(timeout=WAIT)


def pick_place(
    page: Any, label: str, typed: str, code: str, shoot: Callable[[], None] | None = None
) -> None:
    """Type a place as a person would (a name, pinyin or initials) and take the match with
    Enter, the keyboard's way; the field then holds the division's code. `shoot` runs
    while the matches are open."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.fill(typed)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.locator(f'[role="option"][data-code="{code}"]').wait_for(timeout=WAIT)
    while box.get_attribute("aria-activedescendant") != listbox.locator(
        f'[data-code="{code}"]'
    ).get_attribute("id"):
        box.press("ArrowDown")
    if shoot:
        shoot()
    box.press("Enter")
    field = box.locator("xpath=ancestor::div[@data-field][1]")
    hidden = field.locator("input[type=hidden]")
    assert code in hidden.input_value().split(","), hidden.input_value()


def shoot_both(page: Any, screenshot: Any, name: str) -> None:
    """The page at 1280 px, then at 390 px (a phone), then back at 1280 px."""
    screenshot(page, f"{name}-1280px")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390px")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size(WIDE)
    assert overflow <= 0, f"{name}: {overflow} px wider than a 390 px screen"


def steps(server: Server, scene: Callable[[ApiClient], Awaitable[R]]) -> R:
    """Run async GraphQL steps against the server, with a database handle on its file.

    In a thread of its own: Playwright's sync API keeps an event loop on this one."""

    async def run() -> R:
        db = Database.from_url(server.env["DATABASE_URL"])
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                return await scene(ApiClient(http, db))
        finally:
            await db.dispose()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def code_in_admin_inbox(server: Server, admin: str, phone: str) -> str:
    """The sign-up code the embedded mode put in the ADMIN's inbox for the phone."""
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        inbox = server.gql(DISPATCH["Notifications"], {"first": 50}, admin)["notifications"]
        for edge in inbox["edges"]:
            body = edge["node"]["body"]
            if phone in body:
                return body.split("：")[1][:6] if "：" in body else body.split(": ")[1][:6]
        time.sleep(0.2)
    raise AssertionError(f"no code for {phone} reached the ADMIN's inbox")


def signed_up_volunteer(server: Server, admin: str, values: dict[str, Any]) -> dict[str, Any]:
    """registerVolunteer with the code the phone was sent, as the sign-up page does."""
    sent = server.gql(VOLUNTEERS["RequestPhoneCode"], {"input": {"phone": values["phone"]}})
    assert sent["requestPhoneCode"]["userErrors"] == [], sent
    code = code_in_admin_inbox(server, admin, values["phone"])
    registered = server.gql(REGISTRY["RegisterVolunteer"], {"input": {**values, "phoneCode": code}})
    assert registered["registerVolunteer"]["userErrors"] == [], registered
    return registered["registerVolunteer"]  # type: ignore[no-any-return]


def luan_office_staff(server: Server, email: str) -> str:
    """What an operator sets up once with the bootstrap token: the Lu'an office and one
    staff account, `email` with PASSWORD. The token, for more of a scene's set-up."""
    admin = server.command("admin-token").strip()
    office = server.gql(
        REGISTRY["CreateOffice"], {"input": {"name": "六安市民政局", "regionCode": "341500"}}, admin
    )["createOffice"]["office"]
    account = {"email": email, "password": PASSWORD, "role": "OFFICE_STAFF"}
    server.gql(REGISTRY["CreateAccount"], {"input": {**account, "officeId": office["id"]}}, admin)
    return str(admin)
