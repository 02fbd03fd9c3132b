"""Patrol visits in a real browser: the visitor records a housing risk on a phone while
the network is down, the record goes when it is back, and the office turns the finding
into exactly one HOUSE_REPAIR need."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, PHONE, WAIT, new_page, shoot_both, sign_in
from tests.integration.documents import MATCHING, REGISTRY
from tests.steps.people import PEOPLE, person_input

pytestmark = pytest.mark.e2e

STAFF = "visits@luan.gov.cn"
OFFLINE_MS = 3000  # how long the network stays away after the save
HOUSE_REPAIRS = """query Needs($filter: NeedFilter) { needs(filter: $filter, first: 10) {
  totalCount nodes { id quantity category { code } beneficiaries { count specialGroups } } } }"""


def _token(server: Server, email: str) -> str:
    signed = server.gql(REGISTRY["SignIn"], {"input": {"email": email, "password": PASSWORD}})
    return str(signed["signIn"]["token"])


def _round_planned(server: Server) -> tuple[str, str]:
    """Lu'an's office, a flood over Yu'an, an elderly person registered there and a round
    planned: the office's one staff member is the visitor. (incident id, staff token)."""
    admin = server.command("admin-token").strip()
    office = server.gql(
        REGISTRY["CreateOffice"], {"input": {"name": "六安市民政局", "regionCode": "341500"}}, admin
    )["createOffice"]["office"]
    account = {"email": STAFF, "password": PASSWORD, "role": "OFFICE_STAFF"}
    server.gql(REGISTRY["CreateAccount"], {"input": {**account, "officeId": office["id"]}}, admin)
    staff = _token(server, STAFF)
    incident = server.gql(
        MATCHING["CreateIncident"],
        {
            "input": {
                "name": "裕安区洪涝",
                "hazard": "FLOOD",
                "responseLevel": "LEVEL_III",
                "regionCodes": ["341503"],
                "startedAt": datetime.now(UTC).isoformat(),
            }
        },
        staff,
    )["createIncident"]["incident"]["id"]
    person = person_input(name="张奶奶", address="裕安区城南镇双河村3组")
    registered = server.gql(PEOPLE["RegisterPerson"], {"input": person}, staff)
    assert registered["registerPerson"]["userErrors"] == [], registered
    planned = server.gql(PEOPLE["PlanVisitRound"], {"input": {"incidentId": incident}}, staff)
    assert planned["planVisitRound"]["visitRound"]["planned"] == 1, planned
    return incident, staff


def test_a_housing_risk_recorded_offline_reaches_the_office_as_one_house_repair_need(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a round with one visit for the office's staff member
    incident, staff = _round_planned(portal_server)

    # when the visitor opens their visits, and the visit's form on a phone
    page = new_page(browser, portal_server)
    sign_in(page, STAFF)
    page.goto(f"{portal_server.url}/#/visits")
    visit = page.get_by_test_id("my-visit")
    visit.get_by_text("张奶奶").wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "visits-01-my-visits")
    page.set_viewport_size(PHONE)
    visit.get_by_role("link", name="张奶奶").click()
    form = page.get_by_test_id("visit-form")
    form.wait_for(timeout=WAIT)

    # and records the housing AT_RISK, with a note, while the network is down
    housing = form.locator("fieldset[data-item=HOUSING]")
    housing.get_by_text("有风险").click()
    housing.get_by_label("说明").fill("屋顶漏雨，墙体开裂")
    form.get_by_label("已采取的措施").fill("已联系村委会")
    page.context.set_offline(True)
    pressed = datetime.now(UTC)
    form.get_by_role("button", name="提交探访记录").click()

    # then the form says it is kept on the phone, with what was typed
    form.get_by_text("已保存在本机，网络恢复后自动提交。").wait_for(timeout=WAIT)
    screenshot(page, "visits-02-offline-390px")
    queued = json.loads(page.evaluate("localStorage.getItem('rh.visits.outbox')"))
    assert len(queued) == 1 and queued[0]["checks"][1]["note"] == "屋顶漏雨，墙体开裂"
    # and it carries the time it was saved (the browser's clock, within the click)
    saved_at = datetime.fromisoformat(queued[0]["visitedAt"])
    assert abs(saved_at - pressed) < timedelta(seconds=5)

    # when the network comes back a while later
    page.wait_for_timeout(OFFLINE_MS)
    back = datetime.now(UTC)
    page.context.set_offline(False)

    # then the record goes by itself, once
    form.get_by_text("探访已记录。").wait_for(timeout=WAIT)
    assert page.evaluate("localStorage.getItem('rh.visits.outbox')") == "[]"
    page.set_viewport_size({"width": 1280, "height": 900})
    # and a second press of the button sends the same client id: nothing more is written
    form.get_by_role("button", name="提交探访记录").click()
    form.get_by_text("探访已记录。").wait_for(timeout=WAIT)

    # when the office opens the round's progress and turns the finding into a need
    page.goto(f"{portal_server.url}/#/office/incidents/{incident}/visits")
    finding = page.get_by_test_id("finding")
    finding.get_by_text("住房安全").wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "visits-03-round-progress")
    finding.get_by_role("button", name="转为需求").click()
    finding.get_by_text("需求已发布。").wait_for(timeout=WAIT)

    # then exactly one HOUSE_REPAIR need for one person of her group is there
    needs = portal_server.gql(
        HOUSE_REPAIRS, {"filter": {"incidentId": incident, "categoryCode": "HOUSE_REPAIR"}}
    )["needs"]
    assert needs["totalCount"] == 1
    assert needs["nodes"][0]["beneficiaries"] == {
        "count": 1,
        "specialGroups": ["LEFT_BEHIND_ELDERLY"],
    }
    # and the visit was recorded once
    visits = portal_server.gql(
        PEOPLE["Visits"], {"filter": {"incidentId": incident, "status": "VISITED"}}, staff
    )["visits"]
    assert visits["totalCount"] == 1
    # at the time it was saved offline, not when it synced
    visited_at = datetime.fromisoformat(visits["edges"][0]["node"]["visitedAt"])
    assert abs(visited_at - saved_at) < timedelta(milliseconds=2)
    assert visited_at < back - timedelta(milliseconds=OFFLINE_MS // 2)
    # and the person's page shows the visit and the need it became
    page.goto(f"{portal_server.url}/#/office/people/{visits['edges'][0]['node']['person']['id']}")
    page.get_by_test_id("history-visit").get_by_text("住房安全已转为需求", exact=False).wait_for(
        timeout=WAIT
    )
    shoot_both(page, screenshot, "visits-04-person-history")
    assert page.errors == []
