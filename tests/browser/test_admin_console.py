"""An ADMIN sets up an office and invites its staff, who signs in from the mailed link;
then ADMIN disables that account and its session stops working. A real server mailing
through a real SMTP server (aiosmtpd), in Debian's Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from domain.kernel.enums import Channel, NotificationStatus
from domain.notify.model import Notification
from tests.browser.conftest import Server, serve
from tests.browser.pages import PASSWORD, WAIT, new_page, pick_place, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.support.receivers import SmtpReceiver

pytestmark = pytest.mark.e2e

ADMIN = "console@reliefhub.example.gov.cn"
STAFF = "wangfang@huoqiu.gov.cn"


@pytest.fixture(scope="module")
def mail() -> Iterator[SmtpReceiver]:
    with SmtpReceiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def mailing_server(
    tmp_path_factory: pytest.TempPathFactory, mail: SmtpReceiver
) -> Iterator[Server]:
    """The embedded server, its email channel pointed at the test's SMTP server."""
    yield from serve(
        tmp_path_factory.mktemp("console"),
        SMTP_HOST=mail.host,
        SMTP_PORT=str(mail.port),
        SMTP_FROM="reliefhub@example.org",
    )


def _admin_account(server: Server) -> None:
    token = server.command("admin-token").strip()
    made = server.gql(
        REGISTRY["CreateAccount"],
        {"input": {"email": ADMIN, "password": PASSWORD, "role": "ADMIN"}},
        token,
    )
    assert made["createAccount"]["userErrors"] == []


DEAD = "dead-letter@yuan.example.org"


async def _dead_mail(api: ApiClient) -> None:
    """An email the workers gave up on, written as they write one."""
    async with api.db.transaction() as session:
        session.add(
            Notification(
                topic="dispatch.issued",
                channel=Channel.EMAIL,
                recipient_key=DEAD,
                address=DEAD,
                subject="调度单 RH-DEAD01",
                body="请查收",
                template="dispatch.issued",
                parameters={},
                locale="zh-CN",
                status=NotificationStatus.DEAD,
                attempts=5,
                last_error="550 mailbox unavailable",
            )
        )


def _link_in_mail(mail: SmtpReceiver, server: Server) -> str:
    for _ in range(60):
        for received in mail.wait_for(1, timeout=30):
            if STAFF in received.rcpt_tos:
                found = re.search(re.escape(server.url) + r"/#/join/[\w-]+", received.text)
                assert found is not None, received.text
                return found.group(0)
    raise AssertionError("no invitation reached the SMTP server")


def test_an_admin_sets_up_an_office_and_invites_its_staff_who_signs_in_from_the_link(
    browser: Any, mailing_server: Server, mail: SmtpReceiver, screenshot: Any
) -> None:
    # given an ADMIN signed in to the portal
    _admin_account(mailing_server)
    admin = new_page(browser, mailing_server)
    sign_in(admin, ADMIN)

    # when it opens the console and creates an office, typing the county's name
    admin.get_by_role("link", name="管理台").click()
    creating = admin.locator("section", has_text="新建民政部门")
    creating.get_by_label("部门名称").fill("霍邱县民政局")
    pick_place(admin, "管辖范围", "霍邱", "341522")
    shoot_both(admin, screenshot, "console-01-offices")
    creating.get_by_role("button", name="创建").click()

    # then it lands on the office's page, and invites a staff member by email
    admin.get_by_role("heading", name="霍邱县民政局").wait_for(timeout=WAIT)
    admin.get_by_label("邮箱").fill(STAFF)
    admin.get_by_label("角色").select_option("OFFICE_STAFF")
    admin.get_by_role("button", name="发送邀请").click()
    invited = admin.get_by_test_id("account").filter(has_text=STAFF)
    invited.get_by_text("已邀请，尚未加入").wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-02-invited")

    # when the staff member opens the link the SMTP server received
    link = _link_in_mail(mail, mailing_server)
    staff = new_page(browser, mailing_server)
    staff.goto(link)
    staff.get_by_label("姓名").fill("王芳")
    staff.get_by_label("密码").fill(PASSWORD)
    shoot_both(staff, screenshot, "console-03-join")
    staff.get_by_role("button", name="加入并登录").click()

    # then they are signed in, on their office's page
    staff.get_by_role("button", name="退出").wait_for(timeout=WAIT)
    staff.get_by_role("heading", name=re.compile("霍邱县民政局")).wait_for(timeout=WAIT)
    assert staff.evaluate("location.hash") == "#/office"
    shoot_both(staff, screenshot, "console-04-joined")

    # and the link works only once
    again = new_page(browser, mailing_server)
    again.goto(link)
    again.get_by_label("姓名").fill("冒名者")
    again.get_by_label("密码").fill("someone-else-1")
    again.get_by_role("button", name="加入并登录").click()
    again.get_by_text("此链接已使用过。").wait_for(timeout=WAIT)

    # when ADMIN disables the account
    admin.reload()
    joined = admin.get_by_test_id("account").filter(has_text=STAFF)
    joined.get_by_text("正常").wait_for(timeout=WAIT)
    joined.get_by_role("button", name="停用账号").click()
    admin.get_by_test_id("account").filter(has_text=STAFF).get_by_text("停用于").wait_for(
        timeout=WAIT
    )
    shoot_both(admin, screenshot, "console-05-disabled")

    # then the staff member's session stops working on the next request
    staff.reload()
    staff.get_by_text("请先登录再查看此页面。").wait_for(timeout=WAIT)
    assert staff.get_by_role("button", name="退出").count() == 0
    # (asked directly too, with the CSRF header the portal sends: nobody is signed in)
    viewer = staff.evaluate(
        """async (query) => {
          const csrf = document.cookie.split('; ').find((c) => c.startsWith('rh_csrf='));
          const response = await fetch('/graphql', {method: 'POST', credentials: 'same-origin',
            headers: {'content-type': 'application/json',
                      'x-csrf-token': csrf ? decodeURIComponent(csrf.slice(8)) : ''},
            body: JSON.stringify({query})});
          return (await response.json()).data.viewer;
        }""",
        REGISTRY["Viewer"],
    )
    assert viewer is None

    # and the audit log, filtered to accounts, tells who did it
    admin.get_by_role("link", name="审计日志").click()
    admin.get_by_label("对象类型").select_option("Account")
    admin.get_by_role("button", name="筛选").click()
    entries = admin.get_by_test_id("audit-entry")
    entries.filter(has_text="account.disabled").wait_for(timeout=WAIT)
    entries.filter(has_text="account.joined").wait_for(timeout=WAIT)
    assert entries.filter(has_text="office.created").count() == 0
    shoot_both(admin, screenshot, "console-06-audit")
    # (and narrowed to the ADMIN who disabled it, the staff member's own joining leaves)
    entries.filter(has_text="account.disabled").get_by_role("button").click()
    entries.filter(has_text="account.joined").wait_for(state="detached", timeout=WAIT)
    entries.filter(has_text="account.disabled").wait_for(timeout=WAIT)
    # when a mail the workers gave up on is sent again from the deliveries page
    steps(mailing_server, _dead_mail)
    admin.get_by_role("link", name="消息投递").click()
    dead = admin.get_by_test_id("delivery").filter(has_text="调度单 RH-DEAD01")
    dead.get_by_text("550 mailbox unavailable").wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-07-deliveries")
    dead.get_by_role("button", name="重新投递").click()
    dead.get_by_text("已交由后台重新投递。").wait_for(timeout=WAIT)

    # then the workers deliver it to the SMTP server
    assert any(DEAD in m.rcpt_tos for m in mail.wait_for(2, timeout=30)), mail.received
    admin.get_by_role("link", name="物资类别").click()
    admin.get_by_test_id("category").first.wait_for(timeout=WAIT)
    shoot_both(admin, screenshot, "console-08-categories")
    assert admin.errors == [] and staff.errors == []
