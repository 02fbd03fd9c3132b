"""The hotline in a real browser: an operator takes a call with the keyboard alone, picking
the county by typing a place name; the queue shows it; the public asks for help with no
account and checks progress with the reference and the phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.helprequests import deadlines
from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, WAIT, new_page, shoot_both, sign_in, steps
from tests.integration.documents import MATCHING, PEOPLE, REGISTRY

pytestmark = pytest.mark.e2e

OPERATOR = "hotline@luan.gov.cn"
STAFF = "staff@luan.gov.cn"
THREE_DAYS = timedelta(hours=72)
REFERENCE = re.compile(r"QZ-[0-9A-Z]{8}")
BY_REFERENCE = """query ByReference($filter: HelpRequestFilter) { helpRequests(filter: $filter) {
  nodes { id reference status urgency channel description specialGroups callDownDueAt
    outcomes { kind } } } }"""


@pytest.fixture(scope="module")
def hotline(portal_server: Server) -> None:
    """The module's office, made once for the tests that need it."""
    _hotline(portal_server)


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


def _token(server: Server, email: str) -> str:
    signed = server.gql(REGISTRY["SignIn"], {"input": {"email": email, "password": PASSWORD}})
    return str(signed["signIn"]["token"])


def _by_reference(server: Server, reference: str) -> dict[str, Any]:
    """The request given the reference, as the office's staff member reads it."""
    found = server.gql(BY_REFERENCE, {"filter": {"reference": reference}}, _token(server, STAFF))
    nodes = found["helpRequests"]["nodes"]
    assert len(nodes) == 1, found
    return nodes[0]  # type: ignore[no-any-return]


def test_an_operator_takes_a_call_with_the_keyboard_alone_and_finds_it_in_the_queue(
    browser: Any, portal_server: Server, screenshot: Any, hotline: None
) -> None:
    # given Lu'an's hotline operator, signed in on the intake form
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
    # the special groups: the first, 独居老人, taken with the arrow key
    keyboard.press("ArrowDown")
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
    assert "张大爷" in text and "裕安区" in text and "缺饮用水" in text and "独居老人" in text
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
    browser: Any, portal_server: Server, screenshot: Any, hotline: None
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
    page.get_by_label("特殊群体", exact=True).select_option(label="残疾人")
    shoot_both(page, screenshot, "help-01-form")
    page.get_by_role("button", name="提交").click()

    # then they are given a reference to keep
    given = page.get_by_test_id("reference")
    given.get_by_text(REFERENCE).wait_for(timeout=WAIT)
    found = REFERENCE.search(given.inner_text())
    assert found is not None
    shoot_both(page, screenshot, "help-02-reference")
    # and the office reads the special group they chose
    asked = _by_reference(portal_server, found.group(0))
    assert asked["specialGroups"] == ["DISABLED"] and asked["channel"] == "PUBLIC"

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


def _calls(server: Server) -> dict[str, dict[str, Any]]:
    """Calls the operator took: one to call down (the oldest of them), two from one
    household (triaged HIGH), twenty not yet triaged, then a CRITICAL one, the newest."""
    operator = _token(server, OPERATOR)

    def take(name: str, urgency: str | None = None) -> dict[str, Any]:
        values = {"requesterName": name, "phone": "13900001111", "regionCode": "341503"}
        values["description"] = "房屋进水"
        made = server.gql(PEOPLE["SubmitHelpRequest"], {"input": values}, operator)
        assert made["submitHelpRequest"]["userErrors"] == [], made
        request: dict[str, Any] = made["submitHelpRequest"]["helpRequest"]
        if urgency:
            triage = {"helpRequestId": request["id"], "urgency": urgency}
            done = server.gql(PEOPLE["TriageHelpRequest"], {"input": triage}, operator)
            assert done["triageHelpRequest"]["userErrors"] == [], done
        return request

    calls = {"down": take("回访户", "MEDIUM")}
    calls["first"], calls["again"] = take("陈家", "HIGH"), take("陈家儿子", "HIGH")
    for index in range(20):
        take(f"未研判{index}")
    calls["critical"] = take("危房被困", "CRITICAL")
    return calls


def _call_down_due(server: Server, request: dict[str, Any]) -> None:
    """The periodic job's pass three days after the request came in."""
    received = datetime.fromisoformat(request["receivedAt"])

    async def ask(api: Any) -> None:
        async with api.db.transaction() as session:
            await deadlines.ask_call_downs(session, timedelta(hours=72), received + THREE_DAYS)

    steps(server, ask)


def test_the_queue_is_ranked_on_the_server_and_an_operator_marks_a_duplicate_and_a_change(
    browser: Any, portal_server: Server, screenshot: Any, hotline: None
) -> None:
    # given more open calls than a page holds, the newest CRITICAL, and one due a call-down
    calls = _calls(portal_server)
    _call_down_due(portal_server, calls["down"])
    page = new_page(browser, portal_server)
    sign_in(page, OPERATOR)

    # when the operator opens the queue
    page.goto(f"{portal_server.url}/#/hotline/queue")
    queue = page.get_by_test_id("queue")
    queue.get_by_test_id("help-request").first.wait_for(timeout=WAIT)

    # then the newest call, CRITICAL, is on the first page, and each triaged level comes
    # before the next, the untriaged after them
    urgencies = [
        item.get_attribute("data-status")
        for item in queue.locator("[data-testid=help-request] > .badge:first-of-type").all()
    ]
    shown = [u for u in urgencies if u != "RECEIVED"]
    assert shown == sorted(shown, key=["CRITICAL", "HIGH", "MEDIUM", "LOW"].index)
    assert urgencies[: len(shown)] == shown and len(urgencies) == 20
    queue.locator(f"[data-reference='{calls['critical']['reference']}']").wait_for(timeout=WAIT)
    queue.get_by_role("button", name="显示更多").wait_for(timeout=WAIT)

    # when the son's call is marked a duplicate of his father's, by its reference
    again = queue.locator(f"[data-reference='{calls['again']['reference']}']")
    mark = again.get_by_test_id("mark-duplicate")
    mark.get_by_label("重复于（受理编号）").fill("QZ-NOSUCH00")
    mark.get_by_role("button", name="标记为重复").click()
    mark.get_by_text("没有这个编号的求助。").wait_for(timeout=WAIT)
    mark.get_by_label("重复于（受理编号）").fill(calls["first"]["reference"].lower())
    shoot_both(page, screenshot, "hotline-05-duplicate")
    mark.get_by_role("button", name="标记为重复").click()

    # then it is actioned as a duplicate
    queue.locator(
        f"[data-reference='{calls['again']['reference']}'] .badge[data-status='ACTIONED']"
    ).wait_for(timeout=WAIT)
    assert _by_reference(portal_server, calls["again"]["reference"])["outcomes"] == [
        {"kind": "DUPLICATE"}
    ]

    # when the requester called down says what they need has changed
    down = queue.locator(f"[data-reference='{calls['down']['reference']}']")
    changed = down.get_by_test_id("call-down-changed")
    changed.get_by_label("紧急程度").select_option("HIGH")
    changed.get_by_label("现在需要什么").fill("水已退，需要消毒用品")
    shoot_both(page, screenshot, "hotline-06-call-down")
    changed.get_by_role("button", name="需求有变").click()

    # then the request is kept open with the new urgency and need, no call-down due
    queue.locator(
        f"[data-reference='{calls['down']['reference']}'] .badge[data-status='HIGH']"
    ).wait_for(timeout=WAIT)
    kept = _by_reference(portal_server, calls["down"]["reference"])
    assert kept["urgency"] == "HIGH" and kept["description"] == "水已退，需要消毒用品"
    assert kept["callDownDueAt"] is None and kept["status"] != "CLOSED"
    assert page.errors == []
