"""What browser tests do again and again: a page in Chinese at a width, signing in."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Server

PASSWORD = "flood-relief-2020"
WAIT = 20_000  # ms
WIDE, NARROW = 1280, 390  # a desk's screen, a phone's


def new_page(browser: Any, server: Server, width: int = WIDE) -> Any:
    """A fresh context in Chinese at `width`; page errors and what the Content-Security-
    Policy blocks are collected in `page.errors`."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
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
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出").wait_for(timeout=WAIT)
