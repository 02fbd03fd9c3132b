"""An office reviews the volunteers of its jurisdiction in a real browser, as it reviews
organizations: every decision, a reason where one is required, and the review history."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import (
    WAIT,
    luan_office_staff,
    new_page,
    shoot_both,
    sign_in,
    signed_up_volunteer,
)
from tests.steps.registry import volunteer_input

pytestmark = pytest.mark.e2e

STAFF = "volunteers@luan.gov.cn"


def _office_and_volunteers(server: Server) -> None:
    """The Lu'an office with one staff account, and two volunteers of Yu'an to review."""
    admin = luan_office_staff(server, STAFF)
    for name, phone in (("李心怡", "13900002222"), ("王建国", "13900003333")):
        signed_up_volunteer(server, admin, volunteer_input(displayName=name, phone=phone))


def _item(page: Any, name: str) -> Any:
    return page.get_by_test_id("reviewed-volunteer").filter(has_text=name)


def _show(page: Any, status_label: str) -> None:
    page.get_by_label("志愿者状态").select_option(label=status_label)


def test_an_office_reviews_volunteers_with_every_decision_and_its_history(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given two volunteers of Yu'an waiting for the Lu'an office's review
    _office_and_volunteers(portal_server)
    office = new_page(browser, portal_server)
    sign_in(office, STAFF)
    counsellor, driver = _item(office, "李心怡"), _item(office, "王建国")
    driver.wait_for(timeout=WAIT)
    # the office reads their phones masked: it covers their home, but contacts are read
    # in full only on an active assignment of its incident
    counsellor.get_by_text("+86 139****2222", exact=False).wait_for(timeout=WAIT)
    office.get_by_test_id("volunteer-review").scroll_into_view_if_needed()
    shoot_both(office, screenshot, "volunteer-review-01-pending")

    # when it rejects one without a reason / then the refusal is shown, nothing moves
    driver.get_by_role("button", name="不通过").click()
    driver.locator(".status.error").wait_for(timeout=WAIT)
    assert driver.get_attribute("data-status") == "PENDING"

    # when it rejects with a reason, and approves the other
    driver.get_by_label("理由").fill("身份证件与登记信息不符")
    driver.get_by_role("button", name="不通过").click()
    driver.wait_for(state="detached", timeout=WAIT)
    counsellor.get_by_role("button", name="通过", exact=True).click()
    counsellor.wait_for(state="detached", timeout=WAIT)

    # then the rejected one shows its reason under 未通过
    _show(office, "未通过")
    driver.get_by_text("身份证件与登记信息不符").wait_for(timeout=WAIT)

    # when the verified one is suspended: first without a reason, then with one
    _show(office, "已认证")
    counsellor.get_by_role("button", name="暂停").click()
    counsellor.locator(".status.error").wait_for(timeout=WAIT)
    counsellor.get_by_label("理由").fill("连续三次未按约到岗")
    counsellor.get_by_role("button", name="暂停").click()
    counsellor.wait_for(state="detached", timeout=WAIT)

    # then they wait under 已暂停, and are reinstated from there
    _show(office, "已暂停")
    counsellor.get_by_text("连续三次未按约到岗").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "volunteer-review-02-suspended")
    counsellor.get_by_role("button", name="恢复").click()
    counsellor.wait_for(state="detached", timeout=WAIT)

    # and the history tells every decision in the order made, with the reasons
    _show(office, "已认证")
    counsellor.get_by_text("审核记录").click()
    history = counsellor.get_by_test_id("review-history").locator("li")
    history.nth(2).wait_for(timeout=WAIT)
    lines = history.all_inner_texts()
    assert len(lines) == 3, lines
    assert "待审核 → 已认证" in lines[0]
    assert "已认证 → 已暂停" in lines[1] and "连续三次未按约到岗" in lines[1]
    assert "已暂停 → 已认证" in lines[2]
    shoot_both(office, screenshot, "volunteer-review-03-history")
    assert office.errors == []
