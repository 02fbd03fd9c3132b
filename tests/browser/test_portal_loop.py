"""The loop in the portal, in Chinese: an office reads its gaps and their reasons, clears a
blind spot and extends an overdue need; a provider delivers short and completes; the office
confirms receipt and the shortfall follows, on its page and on the public one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, new_page, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.steps.registry import office_with_staff, organization_input, verified_organization
from tests.steps.relief import SOON, flood_incident, pledged, published_need
from workers.jobs import Timings, run_once

pytestmark = pytest.mark.e2e

CHARITY_SEED = 61


@dataclass(frozen=True)
class Scene:
    incident: str
    staff_email: str
    charity_email: str


async def _scene(api: ApiClient) -> Scene:
    """Given, through GraphQL: the Lu'an office's flood over 裕安, 霍邱 and 舒城 (舒城 with
    no need: a blind spot); 100 tents for 裕安 pledged by a charity whose dispatch is on
    its way; water for 霍邱 nobody offers; medicine for 霍邱 due an hour ago."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341522", "341523"])
    tents = await published_need(
        api, office.token, incident, categoryCode="TENTS", quantity=100, neededBy=SOON
    )
    await published_need(
        api, office.token, incident, regionCode="341522", quantity=800, urgency="CRITICAL"
    )
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    await published_need(
        api,
        office.token,
        incident,
        regionCode="341522",
        categoryCode="MEDICINE",
        quantity=50,
        neededBy=an_hour_ago,
    )
    charity = await verified_organization(
        api, office.token, CHARITY_SEED, "341503", name="裕安区蓝天救援队", kind="CHARITY"
    )
    await pledged(api, charity.token, tents, "TENTS", 100, quantity=100)
    listed = await api.gql(DISPATCH["Dispatches"], {"first": 1}, charity.token)
    dispatch = listed["dispatches"]["edges"][0]["node"]["id"]
    for status in ("ACKNOWLEDGED", "EN_ROUTE"):
        moved = await api.mutate(
            "updateDispatchStatus",
            DISPATCH["UpdateDispatchStatus"],
            {"dispatchId": dispatch, "status": status},
            charity.token,
        )
        assert moved["userErrors"] == [], moved
    # the workers' periodic pass: the medicine, past its needed-by and short, is OVERDUE
    await run_once(api.db, Timings())
    return Scene(
        incident,
        f"staff-341500-{office.id[-6:]}@gov.example.cn",
        organization_input(CHARITY_SEED)["adminEmail"],
    )


def _gap(page: Any, text: str) -> Any:
    return page.get_by_test_id("shortfall").get_by_text(text, exact=True)


def test_an_office_follows_a_short_delivery_to_its_gap(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    server = portal_server
    scene = steps(server, _scene)
    office_url = f"{server.url}/#/office/incidents/{scene.incident}"

    # the office opens its incident and runs matching
    office = new_page(browser, server)
    sign_in(office, scene.staff_email)
    office.goto(office_url)
    office.get_by_role("button", name="开始匹配").click()
    office.get_by_text(re.compile(r"匹配完成：\d+ 条分配建议")).wait_for(timeout=60_000)

    # coverage by category, each row in its category's unit
    coverage = office.get_by_test_id("coverage")
    for row in (
        "需要 100 件，已分配 100，已送达 0，缺口 0",
        "需要 800 升，已分配 0，已送达 0，缺口 800",
        "需要 50 包，已分配 0，已送达 0，缺口 50",
    ):
        coverage.get_by_text(row).wait_for(timeout=WAIT)
    # the gaps, each with why: nobody offers water; the overdue medicine is out of
    # matching until the office decides
    gaps = office.get_by_test_id("gaps")
    _gap(gaps, "缺口 800 升（共需 800）").wait_for(timeout=WAIT)
    _gap(gaps, "缺口 50 包（共需 50）").wait_for(timeout=WAIT)
    reasons = gaps.get_by_test_id("shortfall-reasons")
    expect(reasons.get_by_text("该类别暂无供给")).to_have_count(1, timeout=WAIT)
    expect(reasons.get_by_text("已过需求时间", exact=True)).to_have_count(1, timeout=WAIT)
    # 舒城县 has no need and no assessment: a blind spot; the medicine is overdue
    office.get_by_test_id("blind-spot").get_by_text("舒城县 (341523)").wait_for(timeout=WAIT)
    office.get_by_test_id("overdue-need").get_by_text("药品 · 霍邱县").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "loop-01-office-incident")

    # the office records 舒城 as assessed, and it is no blind spot any more
    spot = office.get_by_test_id("blind-spot")
    spot.get_by_label("评估情况（选填）").fill("已电话核实，暂无需求")
    spot.get_by_role("button", name="标记已评估：暂无需求").click()
    office.get_by_test_id("blind-spots").get_by_text("没有盲区").wait_for(timeout=WAIT)
    expect(office.get_by_test_id("blind-spot")).to_have_count(0)

    # and gives the overdue medicine until a date it chooses, five days on
    overdue = office.get_by_test_id("overdue-need")
    later = (datetime.now().astimezone() + timedelta(days=5)).replace(second=0, microsecond=0)
    overdue.get_by_label("新的需求时间").fill(later.strftime("%Y-%m-%dT%H:%M"))
    overdue.get_by_role("button", name="延期至此时间").click()
    office.get_by_test_id("overdue-needs").get_by_text("没有逾期需求。").wait_for(timeout=WAIT)
    medicine = server.gql(
        "query($f: NeedFilter) { needs(filter: $f) { nodes { neededBy status } } }",
        {"f": {"incidentId": scene.incident, "categoryCode": "MEDICINE"}},
    )["needs"]["nodes"]
    assert [datetime.fromisoformat(n["neededBy"]) for n in medicine] == [later]
    # back in matching, the next round says why it is still short: nobody offers medicine
    office.get_by_role("button", name="开始匹配").click()
    reasons = office.get_by_test_id("gaps").get_by_test_id("shortfall-reasons")
    expect(reasons.get_by_text("该类别暂无供给")).to_have_count(2, timeout=60_000)

    # the charity delivers 40 of its 100 tents and completes: the other 60 are gone
    charity = new_page(browser, server)
    sign_in(charity, scene.charity_email)
    charity.get_by_role("link", name="派单").click()
    charity.get_by_label("已送达数量").fill("40")
    charity.get_by_role("button", name="报告送达").click()
    dispatch = charity.get_by_test_id("dispatch")
    dispatch.get_by_text("已送达", exact=True).wait_for(timeout=WAIT)
    shoot_both(charity, screenshot, "loop-02-dispatch-delivered")
    dispatch.get_by_role("button", name="完成：未送达的 60 已无法提供").click()
    dispatch.get_by_text("已完成", exact=True).wait_for(timeout=WAIT)
    charity.reload()
    charity.get_by_test_id("dispatch").get_by_text("分配 100 件，已送达 40，已签收 0").wait_for(
        timeout=WAIT
    )
    shoot_both(charity, screenshot, "loop-03-dispatch-completed")

    # until the office confirms it, nothing counts as delivered: all 100 are short
    office.goto(office_url)
    office.reload()
    _gap(office.get_by_test_id("gaps"), "缺口 100 件（共需 100）").wait_for(timeout=WAIT)
    office.get_by_role("button", name="确认签收").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "loop-04-office-receipt")
    office.get_by_label("签收数量").fill("40")
    office.get_by_role("button", name="确认签收").click()
    office.get_by_text("已确认签收。").wait_for(timeout=WAIT)

    # then the shortfall follows: 40 delivered, 60 short, in the coverage and the gaps
    office.reload()
    office.get_by_test_id("coverage").get_by_text(
        "需要 100 件，已分配 40，已送达 40，缺口 60"
    ).wait_for(timeout=WAIT)
    _gap(office.get_by_test_id("gaps"), "缺口 60 件（共需 100）").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "loop-05-office-after-receipt")

    # and the public page shows the same shortfall
    public = new_page(browser, server)
    public.goto(f"{server.url}/#/incidents/{scene.incident}")
    public.get_by_test_id("coverage").get_by_text(
        "需要 100 件，已分配 40，已送达 40，缺口 60"
    ).wait_for(timeout=WAIT)
    _gap(public.get_by_test_id("gaps"), "缺口 60 件（共需 100）").wait_for(timeout=WAIT)
    shoot_both(public, screenshot, "loop-06-public-incident")
    assert office.errors == [] and charity.errors == [] and public.errors == []
