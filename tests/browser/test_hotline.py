"""The hotline in a real browser: an operator takes a call with the keyboard alone, picking
the county by typing a place name; the queue shows it; the public asks for help with no
account and checks progress with the reference and the phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, WAIT, new_page, shoot_both, sign_in
from tests.integration.documents import MATCHING, REGISTRY

pytestmark = pytest.mark.e2e

OPERATOR = "hotline@luan.gov.cn"
STAFF = "staff@luan.gov.cn"
REFERENCE = re.compile(r"QZ-[0-9A-Z]{8}")


def _hotline(server: Server) -> None:
    """Lu'an's office with a staff member and a hotline operator, and a flood in Yu'an."""
    admin = server.command("admin-token").strip()
    office = server.gql(
        REGISTRY["CreateOffice"], {"input": {"name": "六安市民政局", "regionCode": "341500"}}, admin
    )["createOffice"]["office"]
    for email, role in ((OPERATOR, "HOTLINE_OPERATOR"), (STAFF, "OFFICE_STAFF")):
        account = {"email": email, "password": PASSWORD, "role": role, "officeId": office["id"]}
        server.gql(REGISTRY["CreateAccount"], {"input": account}, admin)
    signed = server.gql(REGISTRY["SignIn"], {"input": {"email": STAFF, "password": PASSWORD}})
    incident = {
        "name": "裕安区洪涝",
        "hazard": "FLOOD",
        "responseLevel": "LEVEL_III",
        "regionCodes": ["341503"],
        "startedAt": datetime.now(UTC).isoformat(),
    }
    server.gql(MATCHING["CreateIncident"], {"input": incident}, signed["signIn"]["token"])


def test_an_operator_takes_a_call_with_the_keyboard_alone_and_finds_it_in_the_queue(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given Lu'an's hotline operator, signed in on the intake form
    _hotline(portal_server)
    page = new_page(browser, portal_server)
    sign_in(page, OPERATOR)
    page.goto(f"{portal_server.url}/#/hotline")
    page.get_by_label("求助人", exact=True).wait_for(timeout=WAIT)

    # when the call is typed with the keyboard alone: Tab between fields, the place by name
    keyboard = page.keyboard
    page.get_by_label("求助人", exact=True).focus()
    keyboard.type("张大爷")
    keyboard.press("Tab")
    keyboard.type("13912345678")
    keyboard.press("Tab")
    keyboard.type("裕安")
    page.get_by_role("option", name=re.compile("裕安区")).first.wait_for(timeout=WAIT)
    screenshot(page, "hotline-01-place-search")
    keyboard.press("Enter")
    page.get_by_test_id("place-picked").get_by_text("安徽省六安市裕安区").wait_for(timeout=WAIT)
    keyboard.press("Tab")
    keyboard.type("独山镇新桥村三组12号")
    keyboard.press("Tab")
    keyboard.type("本人，独居老人")
    keyboard.press("Tab")
    keyboard.press("Tab")
    keyboard.press("Tab")
    keyboard.type("房子进水，缺饮用水和食物")
    keyboard.press("Control+Enter")

    # then the call is taken and its reference shown, to read to the caller
    taken = page.get_by_test_id("taken")
    taken.get_by_text(REFERENCE).wait_for(timeout=WAIT)
    found = REFERENCE.search(taken.inner_text())
    assert found is not None
    reference = found.group(0)
    shoot_both(page, screenshot, "hotline-02-intake")

    # when the operator opens the queue
    page.get_by_role("link", name="求助队列").click()
    item = page.locator(f"[data-reference='{reference}']")
    item.wait_for(timeout=WAIT)

    # then the call is there, with the caller, the place and what is needed
    text = item.inner_text()
    assert "张大爷" in text and "裕安区" in text and "缺饮用水" in text
    # and triaging it from the queue moves it on
    item.get_by_role("combobox", name="紧急程度").select_option("CRITICAL")
    item.get_by_role("button", name="研判").click()
    page.locator(f"[data-reference='{reference}'] .badge[data-status='TRIAGED']").wait_for(
        timeout=WAIT
    )
    shoot_both(page, screenshot, "hotline-03-queue")

    # and the office's page of requests waiting too long opens for its staff
    staff = new_page(browser, portal_server)
    sign_in(staff, STAFF)
    staff.get_by_role("link", name="超时求助").click()
    staff.get_by_role("heading", name="超时未研判的求助").wait_for(timeout=WAIT)
    staff.get_by_text("没有超时的求助。").wait_for(timeout=WAIT)
    shoot_both(staff, screenshot, "hotline-04-waiting")
    assert page.errors == [] and staff.errors == []


def test_the_public_asks_for_help_without_an_account_and_checks_progress(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given the public help page, nobody signed in
    page = new_page(browser, portal_server)
    page.get_by_role("link", name="我要求助").click()
    page.get_by_label("求助人", exact=True).wait_for(timeout=WAIT)

    # when someone fills it in, picking the place by name, and sends it
    page.get_by_label("求助人", exact=True).fill("李阿姨")
    page.get_by_label("电话", exact=True).fill("13800001234")
    page.get_by_test_id("place-input").fill("裕安")
    page.get_by_role("option", name=re.compile("裕安区")).first.click()
    page.get_by_label("具体需求（求助人原话）").fill("家中老人需要药品")
    shoot_both(page, screenshot, "help-01-form")
    page.get_by_role("button", name="提交").click()

    # then they are given a reference to keep
    given = page.get_by_test_id("reference")
    given.get_by_text(REFERENCE).wait_for(timeout=WAIT)
    found = REFERENCE.search(given.inner_text())
    assert found is not None
    shoot_both(page, screenshot, "help-02-reference")

    # when they check progress with the reference and their phone
    page.get_by_role("link", name="查询进度").first.click()
    page.get_by_label("受理编号").fill(found.group(0))
    page.get_by_label("电话", exact=True).fill("13800001234")
    page.get_by_role("button", name="查询进度").click()

    # then the request shows as received
    progress = page.get_by_test_id("progress")
    progress.get_by_text("已受理").wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "help-03-progress")
    # and a wrong phone finds nothing
    page.get_by_label("电话", exact=True).fill("13800009999")
    page.get_by_role("button", name="查询进度").click()
    page.get_by_text("没有找到该编号和电话对应的求助。").wait_for(timeout=WAIT)
    assert page.errors == []
