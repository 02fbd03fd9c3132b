"""A call for help followed to its end in the portal, in Chinese: the hotline operator
takes it with the keyboard and triages it; office staff turn it into a need; matching
proposes a charity's water, which the charity accepts, dispatches and delivers; the office
confirms receipt; the workers' pass closes the request and the caller's SMS reaches the
gateway. Every step is a page; only the set-up (office, accounts, incident, the charity
and its offer) goes through GraphQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, serving
from tests.browser.pages import WAIT, new_page, pick_place, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import (
    create_staff,
    office_with_staff,
    organization_input,
    verified_organization,
)
from tests.steps.relief import flood_incident
from tests.support.receivers import HttpReceiver
from workers.jobs import Timings, run_once

pytestmark = pytest.mark.e2e

OPERATOR = "hotline-story@luan.gov.cn"
CALLER_PHONE = "13912340077"
CHARITY_SEED = 77
REFERENCE = re.compile(r"QZ-[0-9A-Z]{8}")


@dataclass(frozen=True)
class Scene:
    incident: str
    staff_email: str
    charity_email: str


@pytest.fixture(scope="module")
def gateway() -> Iterator[HttpReceiver]:
    """The SMS gateway the server sends texts to: a real HTTP peer that records them."""
    with HttpReceiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def sms_server(tmp_path_factory: pytest.TempPathFactory, gateway: HttpReceiver) -> Iterator[Server]:
    with serving(
        tmp_path_factory.mktemp("sms-portal"), SMS_GATEWAY_URL=gateway.url + "/sms"
    ) as server:
        yield server


async def _scene(api: ApiClient) -> Scene:
    """Given: Lu'an's office with staff and a hotline operator, a flood over 裕安, and a
    verified charity offering drinking water across the prefecture."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    await create_staff(api, admin, office.id, role="HOTLINE_OPERATOR", email=OPERATOR)
    incident = await flood_incident(api, office, ["341503"])
    charity = await verified_organization(
        api, office.token, CHARITY_SEED, "341502", name="六安红十字会", kind="CHARITY"
    )
    now = datetime.now(UTC)
    offer = {
        "categoryCode": "DRINKING_WATER",
        "quantity": 500,
        "serviceRegionCodes": ["341500"],
        "availableFrom": now.isoformat(),
        "availableUntil": (now + timedelta(days=10)).isoformat(),
    }
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], offer, charity.token)
    assert posted["userErrors"] == [], posted
    return Scene(
        incident,
        f"staff-341500-{office.id[-6:]}@gov.example.cn",
        organization_input(CHARITY_SEED)["adminEmail"],
    )


async def _workers_pass(api: ApiClient) -> None:
    """The workers' periodic pass (each minute in the server), run now."""
    await run_once(api.db, Timings())


def _texts(gateway: HttpReceiver, template: str) -> list[dict[str, Any]]:
    sent = [r.json() for r in gateway.received if r.path == "/sms"]
    return [s for s in sent if s["phone"] == "+86" + CALLER_PHONE and s["template"] == template]


def _take_the_call(page: Any) -> str:
    """The operator types the call with the keyboard alone; the reference read out."""
    page.get_by_label("求助人", exact=True).wait_for(timeout=WAIT)
    # Once the page has stopped loading: a form drawn again under the keys loses them.
    page.wait_for_load_state("networkidle")
    page.get_by_label("求助人", exact=True).focus()
    keyboard = page.keyboard
    keyboard.type("周先生")
    expect(page.get_by_label("求助人", exact=True)).to_have_value("周先生")
    keyboard.press("Tab")
    expect(page.get_by_label("电话", exact=True)).to_be_focused()
    keyboard.type(CALLER_PHONE)
    expect(page.get_by_label("电话", exact=True)).to_have_value(CALLER_PHONE)
    keyboard.press("Tab")
    # the county by a place name, picked from the matches with the arrow keys and Enter
    pick_place(page, "所在地（区/县）", "裕安", "341503")
    page.get_by_test_id("place-picked").get_by_text(re.compile("裕安区")).wait_for(timeout=WAIT)
    keyboard.press("Tab")
    keyboard.type("独山镇新桥村安置点")
    keyboard.press("Tab")
    keyboard.type("安置点二十户")
    keyboard.press("Tab")
    keyboard.press("Control+A")
    keyboard.type("60")
    # past the special groups (none for a whole site) and the categories
    keyboard.press("Tab")
    keyboard.press("Tab")
    keyboard.press("Tab")
    keyboard.type("安置点缺饮用水")
    keyboard.press("Control+Enter")
    taken = page.get_by_test_id("taken")
    taken.get_by_text(REFERENCE).wait_for(timeout=WAIT)
    found = REFERENCE.search(taken.inner_text())
    assert found is not None
    return found.group(0)


def test_a_call_becomes_a_delivered_need_and_the_caller_is_texted_when_it_closes(
    browser: Any, sms_server: Server, gateway: HttpReceiver, screenshot: Any
) -> None:
    server = sms_server
    scene = steps(server, _scene)

    # the operator takes the call with the keyboard, the place typed as a township name
    operator = new_page(browser, server)
    sign_in(operator, OPERATOR)
    operator.goto(f"{server.url}/#/hotline")
    reference = _take_the_call(operator)
    shoot_both(operator, screenshot, "help-story-01-intake")

    # and triages it from the queue, then hands it back for the office to publish
    operator.get_by_role("link", name="求助队列").click()
    item = operator.locator(f"[data-reference='{reference}']")
    item.get_by_role("combobox", name="紧急程度").select_option("CRITICAL")
    item.get_by_role("button", name="研判").click()
    operator.locator(f"[data-reference='{reference}'] .badge[data-status='TRIAGED']").wait_for(
        timeout=WAIT
    )
    operator.locator(f"[data-reference='{reference}']").get_by_role(
        "button", name="退回队列"
    ).click()
    held = operator.locator(f"[data-reference='{reference}']").get_by_text(re.compile("办理中$"))
    expect(held).to_have_count(0, timeout=WAIT)
    # an operator publishes no need: the queue offers it only to staff
    assert operator.get_by_test_id("to-need").count() == 0
    shoot_both(operator, screenshot, "help-story-02-triaged")

    # office staff turn it into a need of the flood, for 500 litres
    office = new_page(browser, server)
    sign_in(office, scene.staff_email)
    office.goto(f"{server.url}/#/hotline/queue")
    item = office.locator(f"[data-reference='{reference}']")
    convert = item.get_by_test_id("to-need")
    convert.get_by_label("类别").select_option("DRINKING_WATER")
    convert.get_by_label("数量").fill("500")
    shoot_both(office, screenshot, "help-story-03-to-need")
    convert.get_by_role("button", name="转为需求").click()
    linked = office.locator(f"[data-reference='{reference}']").get_by_text("已转为需求", exact=True)
    linked.wait_for(timeout=WAIT)

    # the need is the incident's: matching proposes the charity's water for it
    incident_url = f"{server.url}/#/office/incidents/{scene.incident}"
    office.goto(incident_url)
    office.get_by_role("button", name="开始匹配").click()
    office.get_by_text(re.compile(r"匹配完成：\d+ 条分配建议")).wait_for(timeout=60_000)

    # the charity accepts, acknowledges, sets off and delivers the 500
    charity = new_page(browser, server)
    sign_in(charity, scene.charity_email)
    charity.get_by_role("link", name="分配建议").click()
    charity.get_by_test_id("proposal").first.get_by_role("button", name="接受").click()
    charity.get_by_text("已接受：派单已生成。").wait_for(timeout=WAIT)
    charity.get_by_role("link", name="派单").click()
    for step in ("确认接单", "已出发"):
        charity.get_by_role("button", name=step).click()
        charity.get_by_role("button", name=step).wait_for(state="detached", timeout=WAIT)
    charity.get_by_label("已送达数量").fill("500")
    charity.get_by_role("button", name="报告送达").click()
    charity.get_by_test_id("dispatch").get_by_text("已送达", exact=True).wait_for(timeout=WAIT)
    shoot_both(charity, screenshot, "help-story-04-delivered")

    # until the office confirms the receipt, the need is not met and the request stays open
    steps(server, _workers_pass)
    office.goto(f"{server.url}/#/hotline/queue")
    office.locator(f"[data-reference='{reference}']").wait_for(timeout=WAIT)
    # the office confirms the receipt: the need is met
    office.goto(incident_url)
    office.reload()
    office.get_by_label("签收数量").fill("500")
    office.get_by_role("button", name="确认签收").click()
    office.get_by_text("已确认签收。").wait_for(timeout=WAIT)

    # when the workers make their pass, the request closes by itself
    steps(server, _workers_pass)
    office.goto(f"{server.url}/#/hotline/queue")
    office.get_by_test_id("queue").wait_for(timeout=WAIT)
    assert office.locator(f"[data-reference='{reference}']").count() == 0

    # and the caller sees it closed on the progress page
    public = new_page(browser, server)
    public.goto(f"{server.url}/#/help/progress")
    public.get_by_label("受理编号").fill(reference)
    public.get_by_label("电话", exact=True).fill(CALLER_PHONE)
    public.get_by_role("button", name="查询进度").click()
    public.get_by_test_id("progress").get_by_text("已结束").wait_for(timeout=WAIT)
    shoot_both(public, screenshot, "help-story-05-closed")

    # and the gateway was asked to text the caller: the reference first, then the closing
    deadline = datetime.now(UTC) + timedelta(seconds=30)
    while not _texts(gateway, "help_request.closed.sms") and datetime.now(UTC) < deadline:
        public.wait_for_timeout(200)
    assert len(_texts(gateway, "help_request.received.sms")) == 1
    (closing,) = _texts(gateway, "help_request.closed.sms")
    assert reference in str(closing)
    # and the operator who took the call reads in the inbox that it closed
    operator.goto(f"{server.url}/#/inbox")
    told = operator.get_by_test_id("notification").filter(has_text=reference)
    expect(told.filter(has_text="已办结")).to_have_count(1, timeout=WAIT)
    shoot_both(operator, screenshot, "help-story-06-operator-inbox")
    assert operator.errors == [] and office.errors == [] and charity.errors == []
    assert public.errors == []
