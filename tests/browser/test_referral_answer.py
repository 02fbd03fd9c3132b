"""A referral answered in the portal: the operator refers a call to a department from the
queue, later records the department's answer there, and the request closes by itself."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, new_page, shoot_both, sign_in, steps
from tests.browser.test_help_request_story import CALLER_PHONE, OPERATOR, _scene, _take_the_call

pytestmark = pytest.mark.e2e


def test_the_departments_answer_closes_a_referred_request(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    server = portal_server
    steps(server, _scene)

    # given a call the operator took and triaged
    page = new_page(browser, server)
    sign_in(page, OPERATOR)
    page.goto(f"{server.url}/#/hotline")
    reference = _take_the_call(page)
    page.get_by_role("link", name="求助队列").click()
    item = page.locator(f"[data-reference='{reference}']")
    item.get_by_role("combobox", name="紧急程度").select_option("HIGH")
    item.get_by_role("button", name="研判").click()
    page.locator(f"[data-reference='{reference}'] .badge[data-status='TRIAGED']").wait_for(
        timeout=WAIT
    )

    # when the operator refers it for a temporary-assistance assessment
    item = page.locator(f"[data-reference='{reference}']")
    item.get_by_role("combobox", name="转介部门").select_option("TEMPORARY_ASSISTANCE")
    item.get_by_role("button", name="转介").click()
    answer = page.locator(f"[data-reference='{reference}']").get_by_test_id("referral-answer")
    answer.wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "help-referral-01-waiting")

    # and records the department's answer when it comes
    answer.get_by_label(re.compile("的答复$")).fill("乡镇已审批临时救助 800 元")
    answer.get_by_role("button", name="记录部门答复").click()

    # then the request is settled and leaves the queue
    expect(page.locator(f"[data-reference='{reference}']")).to_have_count(0, timeout=WAIT)

    # and the caller reads it closed on the progress page
    public = new_page(browser, server)
    public.goto(f"{server.url}/#/help/progress")
    public.get_by_label("受理编号").fill(reference)
    public.get_by_label("电话", exact=True).fill(CALLER_PHONE)
    public.get_by_role("button", name="查询进度").click()
    public.get_by_test_id("progress").get_by_text("已结束").wait_for(timeout=WAIT)
    shoot_both(public, screenshot, "help-referral-02-closed")
    assert page.errors == [] and public.errors == []
