"""The offer form draws its service area as it is filled in, in a real browser: the chosen
counties shaded (the same counties the outline API gives for the picks), the base point
with its travel radius as a circle at the right scale, and a click on the map setting the
base point; the offer then posts with that base and radius."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PHONE, WAIT, new_page, pick_place, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.steps.registry import office_with_staff, verified_organization

pytestmark = pytest.mark.e2e

WIDTH = 600  # the viewBox width js/area_map.js fits its drawing into
KM_PER_DEGREE = 111.32
OFFERS = """query($id: ID!) { offers(filter: {organizationId: $id}) {
  nodes { serviceRegionCodes maxTravelKm baseLocation { latitude longitude } } } }"""


async def _charity(api: ApiClient) -> str:
    """A verified charity of Yu'an (Lu'an prefecture); its admin's email."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    await verified_organization(api, office.token, 81, "341503", name="裕安区爱心救援队")
    return "captain81@example.org"


def _outlines(server: Server, within: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.url}/maps/regions.geojson", params={"within": within})
    assert response.status_code == 200
    return list(response.json()["features"])


def _per_km(features: list[dict[str, Any]], extra: list[tuple[float, float]]) -> float:
    """SVG units per km, worked out here as the portal should: the box of the outlines
    and the circle, longitudes shrunk by the middle latitude, fitted into WIDTH."""
    points = [p for f in features for ring in _rings(f["geometry"]) for p in ring] + extra
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    return WIDTH / ((max(lons) - min(lons)) * shrink) / KM_PER_DEGREE


def _rings(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _circle_box(lon: float, lat: float, km: float) -> list[tuple[float, float]]:
    d_lat = km / KM_PER_DEGREE
    d_lon = km / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return [(lon - d_lon, lat - d_lat), (lon + d_lon, lat + d_lat)]


def _chosen(page: Any) -> set[str]:
    counties = page.get_by_test_id("service-area-map").locator('path[data-chosen="true"]')
    return {c.get_attribute("data-code") for c in counties.all()}


def test_the_offer_form_draws_the_chosen_counties_and_the_radius_as_they_are_picked(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a verified charity of Yu'an on its offers page
    email = steps(portal_server, _charity)
    org = new_page(browser, portal_server)
    sign_in(org, email)
    org.get_by_role("link", name="服务供给").click()
    area = org.get_by_test_id("service-area-map")
    # then its home prefecture's counties are drawn, none chosen yet
    area.locator("path.area-county").first.wait_for(timeout=WAIT)
    lu_an = {f["id"] for f in _outlines(portal_server, "341500")}
    assert {p.get_attribute("data-code") for p in area.locator("path.area-county").all()} == lu_an
    assert _chosen(org) == set()

    # when it picks Yu'an, then Huoqiu / then each is shaded as soon as it is picked
    pick_place(org, "服务地区", "yaq", "341503")
    area.locator('path[data-code="341503"][data-chosen="true"]').wait_for(timeout=WAIT)
    pick_place(org, "服务地区", "hq", "341522")
    area.locator('path[data-code="341522"][data-chosen="true"]').wait_for(timeout=WAIT)
    # and exactly the counties the outline API gives for the picks are shaded
    picked = {f["id"] for f in _outlines(portal_server, "341503,341522")}
    assert _chosen(org) == picked == {"341503", "341522"}
    summary = org.get_by_test_id("service-area-summary")
    assert "裕安区" in summary.text_content() and "霍邱县" in summary.text_content()

    # when it gives a base in Lu'an city and a 30 km radius
    org.get_by_label("出发地纬度").fill("31.75")
    org.get_by_label("出发地经度").fill("116.50")
    org.get_by_label("服务半径（公里）").fill("30")
    circle = area.locator('circle.area-radius[data-km="30"]')
    circle.wait_for(timeout=WAIT)
    # then the circle is 30 km at the map's own scale, worked out independently here
    features = _outlines(portal_server, "341500,341503,341522")
    per_km = _per_km(features, _circle_box(116.50, 31.75, 30))
    assert float(circle.get_attribute("r")) == pytest.approx(30 * per_km, rel=0.01)
    assert "30 公里" in summary.text_content()
    shoot_both(org, screenshot, "offer-area-01-counties-and-radius")

    # when the radius grows to 80 km / then the circle follows, at the new scale
    org.get_by_label("服务半径（公里）").fill("80")
    wider = area.locator('circle.area-radius[data-km="80"]')
    wider.wait_for(timeout=WAIT)
    per_km = _per_km(features, _circle_box(116.50, 31.75, 80))
    assert float(wider.get_attribute("r")) == pytest.approx(80 * per_km, rel=0.01)

    # when it clicks Huoqiu on the map / then the base point moves there
    huoqiu = area.locator('path[data-code="341522"]').bounding_box()
    assert huoqiu is not None
    area.click(
        position={
            "x": huoqiu["x"] + huoqiu["width"] / 2 - area.bounding_box()["x"],
            "y": huoqiu["y"] + huoqiu["height"] / 2 - area.bounding_box()["y"],
        }
    )
    org.wait_for_function(
        "document.querySelector('[name=latitude]').value !== '31.75'", timeout=WAIT
    )
    latitude = float(org.get_by_label("出发地纬度").input_value())
    assert 31.9 < latitude < 32.7  # Huoqiu county lies between these parallels

    # the map fits a phone
    org.set_viewport_size(PHONE)
    box = area.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    area.locator("xpath=..").scroll_into_view_if_needed()
    org.set_viewport_size({"width": 1280, "height": 900})

    # when the offer is posted / then it carries the picks, the clicked base and the radius
    org.get_by_label("类别").select_option("DRINKING_WATER")
    org.get_by_label("数量").first.fill("200")
    org.get_by_role("button", name="发布", exact=True).click()
    org.get_by_text("供给已发布。").wait_for(timeout=WAIT)
    shoot_both(org, screenshot, "offer-area-02-posted")
    organization = portal_server.gql("query { organizations(first: 5) { nodes { id name } } }", {})[
        "organizations"
    ]["nodes"]
    charity = next(o["id"] for o in organization if o["name"] == "裕安区爱心救援队")
    (offer,) = portal_server.gql(OFFERS, {"id": charity})["offers"]["nodes"]
    assert sorted(offer["serviceRegionCodes"]) == ["341503", "341522"]
    assert offer["maxTravelKm"] == 80
    assert offer["baseLocation"]["latitude"] == pytest.approx(latitude, abs=1e-4)
    assert org.errors == []
