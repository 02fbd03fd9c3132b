"""The portal in a real browser, in Chinese: sign-up to delivery while the office watches."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.browser.conftest import Server
from tests.browser.pages import (
    PASSWORD,
    PHONE,
    WAIT,
    WIDE,
    luan_office_staff,
    new_page,
    pick_place,
    sign_in,
)
from tests.client import valid_uscc

pytestmark = pytest.mark.e2e

STAFF = "staff@luan.gov.cn"
CAPTAIN = "captain@lantian.org"


def _office_staff(server: Server) -> None:
    """The bootstrap an operator does once: the Lu'an office and a staff account."""
    luan_office_staff(server, STAFF)


def _needs_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["regionCode", "categoryCode", "quantity", "urgency", "neededBy", "description"])
    soon = datetime.now() + timedelta(days=3)
    sheet.append(["341503", "DRINKING_WATER", 400, "CRITICAL", soon, "安置点饮用水"])
    sheet.append(["341503", "TENTS", 50, "HIGH", soon, "帐篷"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_charity_is_approved_accepts_and_delivers_while_the_office_watches(
    browser: Any, portal_server: Server, screenshot: Any, tmp_path: Path
) -> None:
    server = portal_server
    _office_staff(server)

    # an organization signs up, in Chinese
    org = new_page(browser, server)
    org.get_by_role("link", name="机构注册").click()
    org.get_by_label("机构名称").fill("裕安区蓝天救援队")
    org.get_by_label("机构类型").select_option("EMERGENCY_RESCUE_TEAM")
    org.get_by_label("统一社会信用代码").fill("123")
    pick_place(org, "地区", "裕安", "341503")
    org.get_by_label("联系人").fill("王队长")
    org.get_by_label("联系电话").fill("13812345678")
    org.get_by_label("联系邮箱").fill("team@lantian.org")
    org.get_by_label("管理员邮箱（用于登录）").fill(CAPTAIN)
    org.get_by_label("管理员密码").fill(PASSWORD)
    org.get_by_role("button", name="提交注册").click()
    # a bad USCC is named beside its field, and nothing is registered
    org.locator('[data-error-for="uscc"]').get_by_text("统一社会信用代码无效").wait_for(
        timeout=WAIT
    )
    screenshot(org, "01-signup-errors")
    org.get_by_label("统一社会信用代码").fill(valid_uscc(7))
    org.get_by_role("button", name="提交注册").click()
    org.get_by_text("已提交注册").wait_for(timeout=WAIT)
    screenshot(org, "02-signup-done")
    sign_in(org, CAPTAIN)
    org.get_by_test_id("org-status").get_by_text("待审核").wait_for(timeout=WAIT)

    # the office approves it
    office = new_page(browser, server)
    sign_in(office, STAFF)
    office.get_by_test_id("reviewed-organization").get_by_text("裕安区蓝天救援队").wait_for()
    screenshot(office, "03-office-review")
    office.get_by_role("button", name="通过", exact=True).click()
    office.get_by_text("已通过。").wait_for(timeout=WAIT)

    # the office creates an incident and imports its needs from an XLSX file
    office.get_by_role("link", name="本辖区事件").click()
    office.get_by_label("事件名称").fill("2020年7月六安洪涝")
    office.get_by_label("灾种").select_option("FLOOD")
    office.get_by_label("响应级别").select_option("LEVEL_II")
    pick_place(
        office, "涉及地区", "yuan", "341503", shoot=lambda: screenshot(office, "03b-place-picker")
    )
    office.get_by_role("button", name="创建事件").click()
    office.get_by_role("heading", name="2020年7月六安洪涝").wait_for(timeout=WAIT)
    incident_url = office.url
    office.get_by_label("CSV 或 XLSX 文件").set_input_files(_needs_workbook(tmp_path / "需求.xlsx"))
    office.get_by_role("button", name="导入").click()
    office.get_by_text("已导入 2 条需求。").wait_for(timeout=WAIT)

    # the organization, now verified, posts an offer
    org.reload()
    org.get_by_test_id("org-status").get_by_text("已认证").wait_for(timeout=WAIT)
    screenshot(org, "04-organization")
    org.get_by_role("link", name="服务供给").click()
    org.get_by_label("类别").select_option("DRINKING_WATER")
    org.get_by_label("数量").first.fill("300")
    pick_place(org, "服务地区", "yaq", "341503")
    org.get_by_role("button", name="发布", exact=True).click()
    org.get_by_text("供给已发布。").wait_for(timeout=WAIT)
    org.get_by_test_id("offer").first.wait_for(timeout=WAIT)
    screenshot(org, "05-offers")

    # the office runs matching and watches it finish
    office.get_by_role("button", name="开始匹配").click()
    office.get_by_text(re.compile(r"匹配完成：\d+ 条分配建议")).wait_for(timeout=60_000)
    # and reads, beside each need still short, why: nobody offers tents, too little water
    reasons = office.get_by_test_id("shortfall-reasons")
    reasons.get_by_text("该类别暂无供给").first.wait_for(timeout=WAIT)
    reasons.get_by_text("供给量不足").first.wait_for(timeout=WAIT)
    screenshot(office, "06-incident-matched")

    # the organization opens its live inbox, and accepts the proposal with its explanation
    inbox = org.context.new_page()
    inbox.on("pageerror", lambda error: org.errors.append(str(error)))
    inbox.goto(server.url + "/#/inbox")
    inbox.get_by_role("heading", name="消息").wait_for(timeout=WAIT)
    org.get_by_role("link", name="分配建议").click()
    proposal = org.get_by_test_id("proposal").first
    proposal.locator(".explanation").wait_for(timeout=WAIT)
    screenshot(org, "07-proposals")
    proposal.get_by_role("button", name="接受").click()
    org.get_by_text("已接受：派单已生成。").wait_for(timeout=WAIT)

    # the dispatch appears in the live inbox
    inbox.get_by_test_id("live").get_by_test_id("notification").first.wait_for(timeout=60_000)
    screenshot(inbox, "08-live-inbox")

    # the organization moves the dispatch on and reports the delivery
    org.get_by_role("link", name="派单").click()
    for step in ("确认接单", "已出发"):
        org.get_by_role("button", name=step).click()
        org.get_by_role("button", name=step).wait_for(state="detached", timeout=WAIT)
    org.get_by_label("已送达数量").fill("300")
    org.get_by_role("button", name="报告送达").click()
    org.get_by_test_id("dispatch").get_by_text("已送达", exact=True).wait_for(timeout=WAIT)
    screenshot(org, "09-dispatch-delivered")

    # the office confirms that the 300 arrived: only then do they count as delivered
    office.goto(incident_url)
    office.reload()
    office.get_by_role("button", name="确认签收").click()
    office.get_by_text("已确认签收。").wait_for(timeout=WAIT)

    # and the office sees the coverage rise
    office.goto(incident_url)
    office.reload()
    office.get_by_test_id("coverage").get_by_text(re.compile(r"已送达 300")).first.wait_for(
        timeout=WAIT
    )
    screenshot(office, "10-office-coverage")
    # and downloads the 3W with its HXL tags from the same page
    with office.expect_download() as fetched:
        office.get_by_test_id("downloads").locator('[data-report="3w"][data-format="hxl"]').click()
    _header, tags, *rows = Path(fetched.value.path()).read_text(encoding="utf-8").splitlines()
    assert tags.startswith("#") and "#org" in tags, tags
    assert any("裕安区蓝天救援队" in row for row in rows), rows
    office.set_viewport_size(PHONE)
    screenshot(office, "10-office-coverage-390px")
    office.set_viewport_size(WIDE)

    # the public page shows coverage without personal data
    public = new_page(browser, server)
    public.goto(incident_url.replace("#/office/incidents/", "#/incidents/"))
    public.get_by_test_id("coverage").wait_for(timeout=WAIT)
    assert "13812345678" not in public.content()
    # and links the public reports, but not the dispatches (they need an account)
    links = public.get_by_test_id("downloads").locator("a[data-report]")
    assert {link.get_attribute("data-report") for link in links.all()} == {
        "3w",
        "coverage",
        "needs",
        "offers",
    }
    screenshot(public, "11-public-incident")
    public.set_viewport_size(PHONE)
    screenshot(public, "12-public-incident-390px")
    assert org.errors == [] and office.errors == [] and public.errors == []
