"""The first ADMIN joins from the link `reliefhub admin-invite` printed, then works the
console's list of every account: an organization's token revoked, a staff member given a
wider role (its tokens revoked), disabled and enabled; and the audit log narrowed to an
actor picked by name and to a place picked by name. A real server, in Debian's Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, WAIT, new_page, pick_place, shoot_both, steps
from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.steps.registry import create_office, create_staff, organization_input, sign_in

pytestmark = pytest.mark.e2e

ADMIN = "chief@minzheng.example.gov.cn"
STAFF = "liqiang@huoqiu.example.gov.cn"
CHARITY = organization_input(90, "341522")


async def _people(api: ApiClient) -> dict[str, str]:
    """A Huoqiu office with a staff member, and a charity's admin, each with a partner
    token; made by the bootstrap token, as a script would."""
    bootstrap = await api.admin_token()
    office = await create_office(api, bootstrap, "341522", "霍邱县民政局")
    staff = await create_staff(api, bootstrap, office, email=STAFF)
    registered = await api.mutate("registerOrganization", REGISTRY["RegisterOrganization"], CHARITY)
    assert registered["userErrors"] == [], registered
    charity = await sign_in(api, CHARITY["adminEmail"])
    tokens = {}
    for who, session in (("staff", staff), ("charity", charity)):
        made = await api.mutate(
            "createApiToken",
            REGISTRY["CreateApiToken"],
            {"name": f"{who}-平台", "scopes": ["NEEDS"]},
            session,
        )
        tokens[who] = str(made["token"])
    return tokens


def _works(server: Server, token: str) -> bool:
    import httpx

    response = httpx.post(
        f"{server.url}/graphql",
        json={"query": REGISTRY["Viewer"]},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    return response.status_code == 200


def _filter(page: Any, **fields: str) -> None:
    bar = page.locator("form.filters")
    if "text" in fields:
        bar.get_by_label("邮箱或姓名").fill(fields["text"])
    if "role" in fields:
        bar.get_by_label("角色").select_option(fields["role"])
    bar.get_by_role("button", name="筛选").click()


def test_the_first_admin_joins_and_manages_every_account(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given the link `reliefhub admin-invite` printed for the first ADMIN
    printed = portal_server.command("admin-invite", ADMIN)
    link = re.search(r"http://\S+/#/join/[\w-]+", printed)
    assert link is not None, printed
    tokens = steps(portal_server, _people)

    # when the ADMIN opens it and sets a name and a password
    admin = new_page(browser, portal_server)
    admin.goto(link.group(0))
    admin.get_by_label("姓名").fill("赵主任")
    admin.get_by_label("密码").fill(PASSWORD)
    admin.get_by_role("button", name="加入并登录").click()

    # then the console is theirs, and its accounts page lists every kind of account
    admin.get_by_role("link", name="管理台").click()
    admin.locator("nav.console").get_by_role("link", name="账号").click()
    accounts = admin.get_by_test_id("account")
    accounts.filter(has_text=CHARITY["adminEmail"]).wait_for(timeout=WAIT)
    accounts.filter(has_text=STAFF).wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-accounts-01-all")

    # when it finds the charity's admin by part of the email and revokes its token
    _filter(admin, text="captain90")
    admin.get_by_text("共 1 条").wait_for(timeout=WAIT)
    charity = accounts.filter(has_text=CHARITY["adminEmail"])
    charity.get_by_text(CHARITY["name"]).wait_for(timeout=WAIT)
    charity.get_by_text("API 令牌").click()
    token = charity.get_by_test_id("api-token").filter(has_text="charity-平台")
    token.get_by_role("button", name="吊销").click()
    token.get_by_text("已吊销。").wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-accounts-02-token-revoked")

    # then that token stops working, and the staff member's still works
    assert not _works(portal_server, tokens["charity"])
    assert _works(portal_server, tokens["staff"])

    # when it makes the office's staff member the office's admin
    _filter(admin, text="", role="OFFICE_STAFF")
    staff = accounts.filter(has_text=STAFF)
    staff.get_by_test_id("account-role").filter(has_text="部门工作人员").wait_for(timeout=WAIT)
    change = staff.get_by_test_id("role-change")
    change.locator("select").select_option("OFFICE_ADMIN")
    change.get_by_role("button", name="更改角色").click()

    # then it is told the wider role revoked its tokens, and the list shows the new role
    change.get_by_text(re.compile("权限扩大")).wait_for(timeout=WAIT)
    staff.get_by_test_id("account-role").filter(has_text="部门管理员").wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-accounts-03-role")
    assert not _works(portal_server, tokens["staff"])
    _filter(admin, role="OFFICE_ADMIN")
    promoted = accounts.filter(has_text=STAFF)
    promoted.get_by_test_id("account-role").filter(has_text="部门管理员").wait_for(timeout=WAIT)

    # when it disables the account, then enables it again
    promoted.get_by_role("button", name="停用账号").click()
    promoted.get_by_test_id("account-state").filter(has_text="停用于").wait_for(timeout=WAIT)
    promoted.get_by_role("button", name="启用账号").click()
    promoted.get_by_test_id("account-state").filter(has_text="正常").wait_for(timeout=WAIT)

    # when it reads the audit log of an actor picked by name, in a place picked by name
    admin.get_by_role("link", name="审计日志").click()
    actor = admin.get_by_role("combobox", name="操作人")
    actor.fill("赵主任")
    admin.locator('[role="option"]').filter(has_text=ADMIN).wait_for(timeout=WAIT)
    actor.press("Enter")
    admin.get_by_test_id("actor-picked").filter(has_text=ADMIN).wait_for(timeout=WAIT)
    entries = admin.get_by_test_id("audit-entry")
    admin.get_by_role("button", name="筛选").click()
    entries.filter(has_text="api_token.revoked").wait_for(timeout=WAIT)
    entries.filter(has_text="account.role_changed").wait_for(timeout=WAIT)
    # (the staff member's own sign-in, by another actor, is not among them)
    assert entries.filter(has_text="session.signed_in").count() <= 1
    pick_place(admin, "地区", "霍邱", "341522")
    admin.get_by_role("button", name="筛选").click()

    # then only its entries over Huoqiu remain: the role change, not the token revoked
    entries.filter(has_text="api_token.revoked").wait_for(state="detached", timeout=WAIT)
    entries.filter(has_text="account.role_changed").wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-accounts-04-audit")

    # and in English the accounts page says the same, its roles named in English
    admin.locator("#language").select_option("en")
    admin.locator("nav.console").get_by_role("link", name="Accounts").click()
    admin.get_by_role("heading", name="Accounts").wait_for(timeout=WAIT)
    english = admin.get_by_test_id("account").filter(has_text=STAFF)
    english.get_by_test_id("account-role").filter(has_text="Office admin").wait_for(timeout=WAIT)
    english.get_by_role("button", name="Change role").wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-accounts-05-english")
    assert admin.errors == []
