"""A volunteer signs up in a real browser with the code sent to their phone (read where
the embedded mode puts it: an ADMIN's inbox), says when they can serve, and sees it on
their own page — never the office's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import (
    PASSWORD,
    WAIT,
    code_in_admin_inbox,
    new_page,
    pick_place,
    shoot_both,
)

pytestmark = pytest.mark.e2e

PHONE_NUMBER = "13955501234"


def test_a_volunteer_signs_up_with_the_sms_code_and_sets_availability(
    portal_server: Server, browser: object, screenshot: object
) -> None:
    # given an ADMIN (whose inbox the embedded mode writes codes to), and the public page
    admin = portal_server.command("admin-token").strip()
    page = new_page(browser, portal_server)

    # when a visitor opens the volunteer sign-up and asks for a code
    page.get_by_role("link", name="志愿者注册").click()
    page.get_by_label("电话").fill(PHONE_NUMBER)
    page.get_by_role("button", name="发送验证码").click()
    page.get_by_text("验证码已发送到您的手机").wait_for(timeout=WAIT)
    code = code_in_admin_inbox(portal_server, admin, PHONE_NUMBER)

    # and fills in who they are, with their counselling certificate and consent
    page.get_by_label("短信验证码").fill(code)
    page.get_by_label("真实姓名").fill("周晓雯")
    page.get_by_label("邮箱").fill("xiaowen@volunteer.example.cn")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("出生日期").fill("1995-03-08")
    pick_place(page, "常住地", "裕安", "341503")
    page.get_by_label("技能", exact=True).select_option(["PSYCHOLOGICAL_COUNSELING"])
    page.get_by_label("证书对应技能").select_option("PSYCHOLOGICAL_COUNSELING")
    page.get_by_label("证书", exact=True).fill("心理咨询师三级 No.2019-0456")
    page.get_by_label("我同意平台为安排志愿服务使用我的个人信息").check()
    shoot_both(page, screenshot, "volunteer-signup")
    page.get_by_role("button", name="注册", exact=True).click()

    # then they are signed in on their own page, not the office's
    page.get_by_role("heading", name="您好，周晓雯").wait_for(timeout=WAIT)
    assert page.url.endswith("#/volunteer")
    assert page.get_by_role("link", name="民政工作台").count() == 0

    # when they say they serve on Saturdays and on the coming three days
    page.get_by_role("link", name="资料与可服务时间", exact=True).click()
    page.get_by_role("button", name="添加每周时段").click()
    page.get_by_label("星期").select_option("SATURDAY")
    page.get_by_role("button", name="添加日期范围").click()
    start = datetime.now(UTC).astimezone() + timedelta(days=1)
    row = page.get_by_test_id("date-range")
    row.get_by_label("开始").fill(start.strftime("%Y-%m-%dT08:00"))
    row.get_by_label("结束").fill((start + timedelta(days=2)).strftime("%Y-%m-%dT20:00"))
    page.get_by_role("button", name="保存可服务时间").click()
    page.get_by_text("可服务时间已保存。").wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "volunteer-profile")

    # then their page shows it, with the certificate they hold
    assert "星期六 08:00–18:00" in page.get_by_test_id("availability-now").inner_text()
    page.get_by_role("link", name="我的志愿服务", exact=True).click()
    summary = page.get_by_test_id("volunteer-summary")
    summary.wait_for(timeout=WAIT)
    assert "星期六" in summary.inner_text() and "心理咨询师三级" in summary.inner_text()
    shoot_both(page, screenshot, "volunteer-home")

    # and their offers page works for a person without an organization
    page.get_by_role("link", name="服务供给", exact=True).click()
    page.get_by_role("heading", name="发布供给").wait_for(timeout=WAIT)
    assert page.errors == []
