"""An office writes its needs in a real browser: every field the API takes, the place typed
by name and the point picked on the county's map, a likely duplicate published only when
confirmed, then edited (its point, description and beneficiaries cleared) and
cancelled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, WAIT, new_page, pick_place, shoot_both, sign_in
from tests.integration.documents import MATCHING, REGISTRY

pytestmark = pytest.mark.e2e

STAFF = "needs@luan.gov.cn"
NEEDS = """query OfficeNeeds($filter: NeedFilter) { needs(filter: $filter, first: 10) {
  nodes { quantity status urgency neededBy description requiredSkills region { code }
    beneficiaries { count specialGroups } location { latitude longitude } } } }"""


def _incident(server: Server) -> tuple[str, str]:
    """The Lu'an office, one staff account, and a prefecture-wide incident. (id, token)"""
    admin = server.command("admin-token").strip()
    office = server.gql(
        REGISTRY["CreateOffice"], {"input": {"name": "六安市民政局", "regionCode": "341500"}}, admin
    )["createOffice"]["office"]
    account = {"email": STAFF, "password": PASSWORD, "role": "OFFICE_STAFF"}
    server.gql(REGISTRY["CreateAccount"], {"input": {**account, "officeId": office["id"]}}, admin)
    signed = server.gql(REGISTRY["SignIn"], {"input": {"email": STAFF, "password": PASSWORD}})
    token = signed["signIn"]["token"]
    incident = server.gql(
        MATCHING["CreateIncident"],
        {
            "input": {
                "name": "六安市洪涝",
                "hazard": "FLOOD",
                "responseLevel": "LEVEL_II",
                "regionCodes": ["341500"],
                "startedAt": datetime.now(UTC).isoformat(),
            }
        },
        token,
    )["createIncident"]["incident"]["id"]
    return incident, token


def _needs(server: Server, incident: str, token: str) -> list[dict[str, Any]]:
    return list(server.gql(NEEDS, {"filter": {"incidentId": incident}}, token)["needs"]["nodes"])


def _inside(map_: Any, county: dict[str, float]) -> dict[str, float]:
    """A point of the map's box over the middle of the county's box."""
    whole = map_.bounding_box()
    assert whole is not None
    return {
        "x": county["x"] - whole["x"] + county["width"] / 2,
        "y": county["y"] - whole["y"] + county["height"] / 2,
    }


def _bounds(server: Server, code: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the county's outline as the maps serve it."""
    collection = httpx.get(f"{server.url}/maps/regions.geojson", params={"codes": code}).json()
    geometry = collection["features"][0]["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    points = [p for polygon in polygons for ring in polygon for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def test_an_office_publishes_with_every_field_then_edits_and_cancels(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a prefecture-wide incident, open in the office's page
    incident, token = _incident(portal_server)
    office = new_page(browser, portal_server)
    sign_in(office, STAFF)
    office.goto(f"{portal_server.url}/#/office/incidents/{incident}")
    office.get_by_role("heading", name="六安市洪涝").wait_for(timeout=WAIT)
    publish = office.locator("form").filter(has=office.get_by_role("button", name="发布需求"))

    # when it publishes drinking water for Huoqiu, typing the county's initials, with
    # every field: beneficiaries, special groups, required skills, a deadline, a description
    pick_place(office, "地区", "hq", "341522")
    publish.get_by_label("类别").select_option("DRINKING_WATER")
    publish.get_by_label("数量").fill("500")
    publish.get_by_label("紧急程度").select_option("HIGH")
    # (a datetime-local field: the browser's zone, this machine's, as the test's own)
    deadline = (datetime.now().astimezone() + timedelta(days=5)).replace(
        hour=18, minute=30, second=0, microsecond=0
    )
    publish.get_by_label("需要送达时间").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    publish.get_by_label("受益人数").fill("120")
    publish.get_by_label("特殊群体").select_option(["LEFT_BEHIND_ELDERLY", "DISABLED"])
    publish.get_by_label("所需技能").select_option(["MEDICAL", "CARE_VISITS"])
    publish.get_by_label("说明").fill("城关镇安置点，老人较多")
    # and places it with a click on Huoqiu on the map, where the place picked draws it
    point_map = publish.get_by_test_id("need-point-map")
    huoqiu = point_map.locator('path[data-code="341522"].chosen')
    huoqiu.wait_for(timeout=WAIT)
    box = huoqiu.bounding_box()
    assert box is not None
    point_map.click(position=_inside(point_map, box))
    publish.get_by_test_id("need-point-mark").wait_for(timeout=WAIT)
    picked = {
        name: float(publish.get_by_label(label).input_value())
        for name, label in (("latitude", "纬度"), ("longitude", "经度"))
    }
    publish.get_by_text("已选位置").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "needs-01-publish-form")
    publish.get_by_role("button", name="发布需求").click()
    publish.get_by_text("需求已发布。").wait_for(timeout=WAIT)

    # then every field is stored as given, the point where the map was clicked, in Huoqiu
    [need] = _needs(portal_server, incident, token)
    assert need["region"] == {"code": "341522"}
    assert need["quantity"] == 500 and need["urgency"] == "HIGH"
    assert datetime.fromisoformat(need["neededBy"]) == deadline
    assert need["beneficiaries"] == {
        "count": 120,
        "specialGroups": ["DISABLED", "LEFT_BEHIND_ELDERLY"],
    }
    assert sorted(need["requiredSkills"]) == ["CARE_VISITS", "MEDICAL"]
    assert need["location"] == picked
    west, south, east, north = _bounds(portal_server, "341522")
    assert west <= picked["longitude"] <= east and south <= picked["latitude"] <= north
    assert need["description"] == "城关镇安置点，老人较多"

    # when the same is published again / then the likely duplicate is named, nothing stored
    publish.get_by_label("数量").fill("300")
    publish.get_by_label("说明").fill("另一个安置点")
    publish.get_by_role("button", name="发布需求").click()
    duplicate = publish.get_by_test_id("duplicate")
    duplicate.get_by_text("霍邱县").wait_for(timeout=WAIT)
    assert len(_needs(portal_server, incident, token)) == 1
    shoot_both(office, screenshot, "needs-02-duplicate")
    # and confirming publishes it
    duplicate.get_by_role("button", name="确认不是重复，仍然发布").click()
    publish.get_by_text("需求已发布。").wait_for(timeout=WAIT)
    duplicate.wait_for(state="hidden", timeout=WAIT)
    assert len(_needs(portal_server, incident, token)) == 2

    # when the office edits the first need's quantity, and empties its point (the map's
    # button), its description and its beneficiaries
    needs = office.get_by_test_id("managed-need")
    needs.nth(1).wait_for(timeout=WAIT)
    first = needs.filter(has_text="需要 500")
    first.get_by_text("修改", exact=True).click()
    first.get_by_test_id("need-point-mark").wait_for(timeout=WAIT)
    first.get_by_label("数量").fill("650")
    first.get_by_role("button", name="清除位置").click()
    first.get_by_text("未选位置").wait_for(timeout=WAIT)
    first.get_by_label("说明").fill("")
    first.get_by_label("受益人数").fill("")
    shoot_both(office, screenshot, "needs-03a-edit-form")
    first.get_by_role("button", name="保存修改").click()
    # then it is saved, the emptied fields cleared
    office.get_by_text("需要 650").wait_for(timeout=WAIT)
    edited = next(n for n in _needs(portal_server, incident, token) if n["quantity"] == 650)
    assert edited["location"] is None and edited["description"] is None
    assert edited["beneficiaries"]["count"] is None
    assert edited["beneficiaries"]["specialGroups"] == ["DISABLED", "LEFT_BEHIND_ELDERLY"]

    # when it cancels the other, saying why / then it is cancelled with nothing left to do
    other = needs.filter(has_text="需要 300")
    other.get_by_label("取消理由（可选）").fill("与城关镇安置点重复登记")
    other.get_by_role("button", name="取消需求").click()
    office.get_by_test_id("manage-need").nth(1).wait_for(state="detached", timeout=WAIT)
    statuses = sorted(n["status"] for n in _needs(portal_server, incident, token))
    assert statuses == ["CANCELLED", "OPEN"]
    shoot_both(office, screenshot, "needs-03-edited-and-cancelled")
    assert office.errors == []


def test_the_flood_spreads_and_the_office_adds_a_county_by_name(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given the Lu'an office's incident in Huoqiu only
    admin = portal_server.command("admin-token").strip()
    signed = portal_server.gql(
        REGISTRY["SignIn"], {"input": {"email": STAFF, "password": PASSWORD}}
    )
    incident = portal_server.gql(
        MATCHING["CreateIncident"],
        {
            "input": {
                "name": "霍邱县洪涝",
                "hazard": "FLOOD",
                "responseLevel": "LEVEL_III",
                "regionCodes": ["341522"],
                "startedAt": datetime.now(UTC).isoformat(),
            }
        },
        signed["signIn"]["token"],
    )["createIncident"]["incident"]["id"]
    assert admin
    office = new_page(browser, portal_server)
    sign_in(office, STAFF)
    office.goto(f"{portal_server.url}/#/office/incidents/{incident}")
    regions = office.get_by_test_id("incident-regions")
    regions.get_by_text("霍邱县").wait_for(timeout=WAIT)

    # when the office adds Jinzhai and Huoshan, typing their names
    pick_place(office, "新增涉及地区", "金寨", "341524")
    pick_place(office, "新增涉及地区", "huoshan", "341525")
    office.get_by_role("button", name="加入事件").click()

    # then the incident reaches all three, as the page and the API say
    regions.get_by_text("霍山县").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "needs-04-incident-spread")
    node = portal_server.gql(
        "query($id: ID!) { node(id: $id) { ... on Incident { regions { code } } } }",
        {"id": incident},
    )["node"]
    assert [r["code"] for r in node["regions"]] == ["341522", "341524", "341525"]

    # when it removes Huoshan again / then two remain
    regions.locator("li", has_text="霍山县").get_by_role("button", name="移出").click()
    regions.get_by_text("霍山县").wait_for(state="detached", timeout=WAIT)
    assert office.errors == []
