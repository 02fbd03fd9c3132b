"""What ADMIN changes in the console after setting up: an office renamed and moved to
another jurisdiction picked by name, another office deactivated (its staff's session ends),
a password-reset link sent with no mail server (the ADMIN's inbox holds the copy, which the
staff member opens), and a category added, renamed and retired. A real embedded server,
in Debian's Chromium."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, WAIT, new_page, pick_place, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.steps.registry import create_office, create_staff

pytestmark = pytest.mark.e2e

ADMIN = "console-edits@reliefhub.example.gov.cn"
STAFF = "sunli@huoqiu.example.gov.cn"
YEJI_STAFF = "zhouting@yeji.example.gov.cn"
NEW_PASSWORD = "new-flood-pass-2020"
OFFICES = "query { offices(first: 20) { nodes { id name deactivatedAt region { code } } } }"
CATEGORIES = "query { categories { code nameZh nameEn retiredAt } }"


async def _setting(api: ApiClient) -> dict[str, str]:
    """An ADMIN with a password; Huoqiu's office with a staff member; Yeji's with one."""
    bootstrap = await api.admin_token()
    made = await api.mutate(
        "createAccount",
        REGISTRY["CreateAccount"],
        {"email": ADMIN, "password": PASSWORD, "role": "ADMIN", "displayName": "钱主任"},
        bootstrap,
    )
    assert made["userErrors"] == [], made
    huoqiu = await create_office(api, bootstrap, "341522", "霍邱县民政局")
    await create_staff(api, bootstrap, huoqiu, email=STAFF)
    yeji = await create_office(api, bootstrap, "341504", "叶集区民政局")
    yeji_session = await create_staff(api, bootstrap, yeji, email=YEJI_STAFF)
    return {"huoqiu": huoqiu, "yeji_session": yeji_session, "bootstrap": bootstrap}


def _viewer_status(server: Server, token: str) -> int:
    response = httpx.post(
        f"{server.url}/graphql",
        json={"query": REGISTRY["Viewer"]},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    return response.status_code


def test_an_admin_renames_moves_and_deactivates_offices_resets_and_retires(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given an ADMIN signed in, and two offices with staff
    made = steps(portal_server, _setting)
    admin = new_page(browser, portal_server)
    sign_in(admin, ADMIN)
    admin.get_by_role("link", name="管理台").click()

    # when it renames Huoqiu's office and moves its jurisdiction to the prefecture
    huoqiu = admin.get_by_test_id("office").filter(has_text="霍邱县民政局")
    huoqiu.get_by_text("更名或调整管辖范围").click()
    huoqiu.get_by_label("部门名称").fill("六安市民政局")
    pick_place(huoqiu, "管辖范围", "六安市", "341500")
    shoot_both(admin, screenshot, "console-edits-01-office-edit")
    huoqiu.get_by_role("button", name="保存").click()
    huoqiu.get_by_text("已保存。").wait_for(timeout=WAIT)

    # when it deactivates Yeji's office
    yeji = admin.get_by_test_id("office").filter(has_text="叶集区民政局")
    yeji.get_by_text("停用…").click()
    yeji.get_by_role("button", name="立即停用").click()
    admin.get_by_test_id("office").filter(has_text="叶集区民政局").get_by_text("停用于").wait_for(
        timeout=WAIT
    )
    shoot_both(admin, screenshot, "console-edits-02-offices")

    # then the offices read as changed, and Yeji's staff member is signed out
    offices = {
        o["id"]: o for o in portal_server.gql(OFFICES, {}, made["bootstrap"])["offices"]["nodes"]
    }
    assert offices[made["huoqiu"]]["name"] == "六安市民政局"
    assert offices[made["huoqiu"]]["region"]["code"] == "341500"
    assert [o["deactivatedAt"] is not None for o in offices.values()].count(True) == 1
    assert _viewer_status(portal_server, made["yeji_session"]) == 401

    # when it sends the Huoqiu staff member a password-reset link (no mail server here)
    admin.reload()
    admin.get_by_role("link", name="六安市民政局").click()
    member = admin.get_by_test_id("account").filter(has_text=STAFF)
    member.get_by_role("button", name="发送重设密码链接").click()
    member.get_by_text("链接已发送。").wait_for(timeout=WAIT)

    # then the ADMIN's inbox holds the link, to hand over
    admin.get_by_role("link", name="消息", exact=True).click()
    copy = admin.get_by_test_id("notification").filter(has_text=STAFF).filter(has_text="/#/reset/")
    copy.first.wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-edits-03-inbox-link")
    link = re.search(r"http://\S+/#/reset/[\w-]+", copy.first.inner_text())
    assert link is not None

    # when the staff member opens it and sets a new password
    staff = new_page(browser, portal_server)
    staff.goto(link.group(0))
    staff.get_by_label("新密码").fill(NEW_PASSWORD)
    staff.get_by_role("button", name="保存并登录").click()

    # then they are signed in, and the new password signs them in from then on
    staff.get_by_role("button", name="退出").wait_for(timeout=WAIT)
    signed = portal_server.gql(
        REGISTRY["SignIn"], {"input": {"email": STAFF, "password": NEW_PASSWORD}}
    )["signIn"]
    assert signed["userErrors"] == []

    # when ADMIN adds a category, renames it and retires it
    admin.get_by_role("link", name="管理台").click()
    admin.locator("nav.console").get_by_role("link", name="物资类别").click()
    adding = admin.locator("section", has_text="新增类别")
    adding.get_by_label("代码").fill("SANDBAGS")
    adding.get_by_label("中文名称").fill("沙袋")
    adding.get_by_label("英文名称").fill("Sandbags")
    adding.get_by_label("单位").fill("bags")
    adding.get_by_role("button", name="新增").click()
    category = admin.locator('[data-testid="category"][data-code="SANDBAGS"]')
    category.wait_for(timeout=WAIT)
    category.get_by_text("更名").click()
    category.get_by_label("中文名称").fill("防汛沙袋")
    category.get_by_role("button", name="保存").click()
    category.get_by_text("已保存。").wait_for(timeout=WAIT)
    category.get_by_text("停用…").click()
    category.get_by_role("button", name="立即停用").click()

    # then it reads as renamed and retired, on the page and through the API
    admin.locator('[data-testid="category"][data-code="SANDBAGS"]').get_by_text("停用于").wait_for(
        timeout=WAIT
    )
    shoot_both(admin, screenshot, "console-edits-04-categories")
    (sandbags,) = [
        c
        for c in portal_server.gql(CATEGORIES, {}, made["bootstrap"])["categories"]
        if c["code"] == "SANDBAGS"
    ]
    assert sandbags["nameZh"] == "防汛沙袋" and sandbags["retiredAt"] is not None
    assert admin.errors == [] and staff.errors == []
