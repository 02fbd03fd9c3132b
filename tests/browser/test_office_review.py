"""An office reviews the organizations of its jurisdiction in a real browser: every
decision the service knows, a reason where one is required, and the review history."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, luan_office_staff, new_page, shoot_both, sign_in
from tests.integration.documents import REGISTRY
from tests.steps.registry import organization_input

pytestmark = pytest.mark.e2e

STAFF = "review@luan.gov.cn"


def _office_and_applicants(server: Server) -> None:
    """The Lu'an office with one staff account, and two organizations waiting for it."""
    luan_office_staff(server, STAFF)
    for seed, name in ((31, "裕安区蓝天救援队"), (32, "叶集区爱心义工协会")):
        values = organization_input(seed, name=name)
        registered = server.gql(REGISTRY["RegisterOrganization"], {"input": values})
        assert registered["registerOrganization"]["userErrors"] == []


def _item(page: Any, name: str) -> Any:
    return page.get_by_test_id("reviewed-organization").filter(has_text=name)


def _show(page: Any, status_label: str) -> None:
    page.get_by_label("查看").select_option(label=status_label)


def test_an_office_rejects_suspends_and_reinstates_saying_why(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given two organizations waiting for the Lu'an office's review
    _office_and_applicants(portal_server)
    office = new_page(browser, portal_server)
    sign_in(office, STAFF)
    rescue, volunteers = _item(office, "裕安区蓝天救援队"), _item(office, "叶集区爱心义工协会")
    volunteers.wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "review-01-pending")

    # when it rejects without a reason / then the service's refusal is shown, nothing moves
    volunteers.get_by_role("button", name="不通过").click()
    volunteers.locator(".status.error").wait_for(timeout=WAIT)
    assert volunteers.get_attribute("data-status") == "PENDING"

    # when it rejects with a reason, and approves the other
    volunteers.get_by_label("理由").fill("登记证书与申报名称不一致")
    volunteers.get_by_role("button", name="不通过").click()
    volunteers.wait_for(state="detached", timeout=WAIT)
    rescue.get_by_role("button", name="通过", exact=True).click()
    rescue.wait_for(state="detached", timeout=WAIT)

    # then the rejected one shows its reason under 未通过
    _show(office, "未通过")
    volunteers.get_by_text("登记证书与申报名称不一致").wait_for(timeout=WAIT)

    # when the verified one is suspended: first without a reason, then with one
    _show(office, "已认证")
    rescue.get_by_role("button", name="暂停").click()
    rescue.locator(".status.error").wait_for(timeout=WAIT)
    rescue.get_by_label("理由").fill("救援装备年检过期")
    rescue.get_by_role("button", name="暂停").click()
    rescue.wait_for(state="detached", timeout=WAIT)

    # then it waits under 已暂停, and is reinstated from there
    _show(office, "已暂停")
    rescue.get_by_text("救援装备年检过期").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "review-02-suspended")
    rescue.get_by_role("button", name="恢复").click()
    rescue.wait_for(state="detached", timeout=WAIT)

    # and its history tells every decision in the order made, with the reasons
    _show(office, "已认证")
    rescue.get_by_text("审核记录").click()
    history = rescue.get_by_test_id("review-history").locator("li")
    history.nth(2).wait_for(timeout=WAIT)
    lines = history.all_inner_texts()
    assert len(lines) == 3, lines
    assert "待审核 → 已认证" in lines[0]
    assert "已认证 → 已暂停" in lines[1] and "救援装备年检过期" in lines[1]
    assert "已暂停 → 已认证" in lines[2]
    shoot_both(office, screenshot, "review-03-history")
    assert office.errors == []
