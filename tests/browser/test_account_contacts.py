"""An office's staff member gives, from the inbox page, the phone their visits are sent
to by SMS: a number that is no phone is refused on its field, a real one is kept."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, luan_office_staff, new_page, shoot_both, sign_in

pytestmark = pytest.mark.e2e

STAFF = "visits@luan.gov.cn"
VIEWER_PHONE = "query ViewerPhone { viewer { phone timeZone } }"


def _office_staff(server: Server) -> None:
    luan_office_staff(server, STAFF)


def test_office_staff_give_the_phone_their_visits_are_texted_to(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given an office's staff member, signed in, on the inbox page
    _office_staff(portal_server)
    page = new_page(browser, portal_server)
    sign_in(page, STAFF)
    page.get_by_role("link", name="消息").click()
    contacts = page.get_by_test_id("contacts")
    contacts.locator("summary").click()

    # when they give a number that is no phone, then it is refused on its field
    contacts.get_by_label("接收短信的手机号").fill("12345")
    contacts.get_by_role("button", name="保存").click()
    refused = contacts.locator('[data-error-for="phone"]', has_text="电话号码无效")
    refused.wait_for(timeout=WAIT)
    assert contacts.get_by_label("接收短信的手机号").get_attribute("aria-invalid") == "true"

    # when they give their mobile, then it is saved and read back as the account's
    contacts.get_by_label("接收短信的手机号").fill("13700002222")
    contacts.get_by_role("button", name="保存").click()
    contacts.get_by_text("已保存。").wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "inbox-contacts")
    page.reload()
    page.get_by_test_id("contacts").locator("summary").click()
    shown = page.get_by_test_id("contacts").get_by_label("接收短信的手机号")
    assert shown.input_value() == "+8613700002222"
    assert page.errors == []
