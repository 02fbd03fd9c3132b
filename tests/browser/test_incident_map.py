"""The incident map in a real browser: the right counties, each shaded as the coverage API
says, the blind spot hatched, needs, offers and dispatches under way drawn where the API
places them for the viewer, a click opening the county's needs and who works there; the
public page shows the same shading, without the point of a need for special groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS, Server
from tests.browser.pages import PHONE, WAIT, WIDE, new_page, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import flood_incident, pledged, published_need

pytestmark = pytest.mark.e2e

# The portal's bands (js/map.js): the least uncovered share each starts at, and its fill.
BANDS = [(0.75, "#a50f15"), (0.5, "#de2d26"), (0.25, "#fb6a4a"), (0.0, "#fcbba1")]
NO_NEED = "#eef1f5"
COVERED = "#a1d99b"
# Points: the tents of Yu'an, the elders' water of Huoqiu (a special group), the charity's base.
TENTS_AT = {"latitude": 31.70, "longitude": 116.45}
ELDERS_AT = {"latitude": 32.35, "longitude": 116.28}
BASE = {"latitude": 31.76, "longitude": 116.50}
LAYERS = """query($id: ID!) {
  needs(first: 100, filter: {incidentId: $id}) { nodes { id location { latitude } } }
  offers(first: 100, filter: {incidentId: $id}) { nodes { id baseLocation { latitude } } }
  dispatches(first: 100, filter: {incidentId: $id}) { nodes { id status
    allocation { offer { baseLocation { latitude } origin { latitude } } } } } }"""
COVERAGE = """query($id: ID!) { node(id: $id) { ... on Incident { coverage {
  byRegion { regionCode weightedCoveredShare } blindSpots { region { code } } } } } }"""


@dataclass(frozen=True)
class Scene:
    incident: str
    staff_email: str
    staff_token: str


async def _scene(api: ApiClient) -> Scene:
    """The Lu'an office's flood over 裕安, 霍邱 and 舒城: 裕安's tents all pledged, and
    its blankets all pledged by a charity of 金安 with no base; 霍邱's water for elders
    living alone offered by nobody, 舒城 with no need at all (a blind spot). The tents,
    the water and the first charity's base have points."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341522", "341523"])
    tents = await published_need(
        api, office.token, incident, categoryCode="TENTS", quantity=60, location=TENTS_AT
    )
    await published_need(
        api,
        office.token,
        incident,
        regionCode="341522",
        quantity=800,
        urgency="CRITICAL",
        location=ELDERS_AT,
        beneficiaries={"count": 30, "specialGroups": ["ELDERLY_ALONE"]},
    )
    charity = await verified_organization(
        api, office.token, 71, "341503", name="裕安区蓝天救援队", kind="CHARITY"
    )
    await pledged(api, charity.token, tents, "TENTS", 60, quantity=60, baseLocation=BASE)
    blankets = await published_need(
        api, office.token, incident, categoryCode="BEDDING", quantity=50
    )
    jin_an = await verified_organization(api, office.token, 72, "341502", kind="CHARITY")
    await pledged(api, jin_an.token, blankets, "BEDDING", 50, quantity=50)
    return Scene(incident, f"staff-341500-{office.id[-6:]}@gov.example.cn", office.token)


def _expected_fills(server: Server, incident: str) -> dict[str, str]:
    coverage = server.gql(COVERAGE, {"id": incident})["node"]["coverage"]
    fills = {code: NO_NEED for code in ("341503", "341522", "341523")}
    for region in coverage["byRegion"]:
        share = region["weightedCoveredShare"]
        if share == 1:
            fills[region["regionCode"]] = COVERED
        elif share is not None:
            fills[region["regionCode"]] = next(f for low, f in BANDS if 1 - share >= low)
    return fills


def _drawn(page: Any) -> dict[str, str]:
    page.get_by_test_id("incident-map").locator("path.county").first.wait_for(timeout=WAIT)
    counties = page.get_by_test_id("incident-map").locator("path.county")
    return {c.get_attribute("data-code"): c.get_attribute("fill") for c in counties.all()}


def _placed(server: Server, incident: str, token: str | None) -> dict[str, set[str]]:
    """The ids the API gives the viewer a point for, and the dispatches under way."""
    data = server.gql(LAYERS, {"id": incident}, token)
    return {
        "need-point": {n["id"] for n in data["needs"]["nodes"] if n["location"]},
        "offer-point": {o["id"] for o in data["offers"]["nodes"] if o["baseLocation"]},
        "dispatch-line": {
            d["id"]
            for d in data["dispatches"]["nodes"]
            if d["status"] in ("ISSUED", "ACKNOWLEDGED", "EN_ROUTE")
        },
        "from-centre": {
            d["id"]
            for d in data["dispatches"]["nodes"]
            if d["allocation"]["offer"]["baseLocation"] is None
            and d["allocation"]["offer"]["origin"] is not None
        },
    }


def _layers(page: Any) -> dict[str, set[str]]:
    map_ = page.get_by_test_id("incident-map")
    drawn = {
        kind: {shape.get_attribute("data-id") for shape in map_.locator(f".{kind}").all()}
        for kind in ("need-point", "offer-point", "dispatch-line")
    }
    centre = map_.locator('.dispatch-line[data-from-centre="true"]').all()
    return drawn | {"from-centre": {line.get_attribute("data-id") for line in centre}}


def test_the_map_shades_each_county_as_coverage_says_and_opens_its_needs(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a flood over three counties, one covered, one not, one never looked at
    scene = steps(portal_server, _scene)
    expected = _expected_fills(portal_server, scene.incident)
    assert expected == {"341503": COVERED, "341522": BANDS[0][1], "341523": NO_NEED}

    # when the office opens the incident
    office = new_page(browser, portal_server)
    sign_in(office, scene.staff_email)
    office.goto(f"{portal_server.url}/#/office/incidents/{scene.incident}")

    # then the map draws exactly those counties, each filled as the coverage API says
    assert _drawn(office) == expected
    map_ = office.get_by_test_id("incident-map")
    # and the county nobody looked at is hatched, and the worst is labelled in words
    assert map_.locator('path.county[data-blind-spot="true"]').get_attribute("data-code") == (
        "341523"
    )
    assert map_.locator("path.blind-spot").count() == 1
    assert "霍邱县 100%" in [t.text_content() for t in map_.locator("text.worst").all()]
    # and both needs with a point, the charity's base and both dispatches under way are
    # drawn, as the API places them for the office: the blankets' from 金安's centre
    placed = _placed(portal_server, scene.incident, scene.staff_token)
    kinds = ("need-point", "offer-point", "dispatch-line", "from-centre")
    assert [len(placed[k]) for k in kinds] == [2, 1, 2, 1]
    assert _layers(office) == placed
    legend = office.locator(".map-legend").text_content()
    assert "需求位置" in legend and "在途调度" in legend and "已全部覆盖" in legend
    shoot_both(office, screenshot, "map-01-office")

    # when the office clicks Huoqiu / then its need opens below the map
    map_.locator('path.county[data-code="341522"]').click()
    detail = office.get_by_test_id("county-detail")
    detail.get_by_role("heading", name="霍邱县").wait_for(timeout=WAIT)
    detail.get_by_text("饮用水 · 霍邱县").wait_for(timeout=WAIT)
    detail.get_by_text("尚无机构在此。").wait_for(timeout=WAIT)
    # and Yu'an's opens with who works there
    map_.locator('path.county[data-code="341503"]').focus()
    office.keyboard.press("Enter")
    detail.get_by_text("裕安区蓝天救援队").wait_for(timeout=WAIT)
    shoot_both(office, screenshot, "map-02-county")

    # when anyone opens the public page / then it shows the same shading
    public = new_page(browser, portal_server)
    public.goto(f"{portal_server.url}/#/incidents/{scene.incident}")
    assert _drawn(public) == expected
    # and the points the public may see: the tents, not the elders' water (its county
    # only), the base; no dispatches
    seen = _placed(portal_server, scene.incident, None)
    assert len(seen["need-point"]) == 1 and seen["dispatch-line"] == seen["from-centre"] == set()
    assert _layers(public) == seen
    assert seen["need-point"] < placed["need-point"]
    public.set_viewport_size(PHONE)
    drawn = public.get_by_test_id("incident-map")
    box = drawn.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    # the map alone, as a phone shows it, beside the full pages
    drawn.locator("xpath=..").screenshot(path=str(SCREENSHOTS / "map-04-public-map-390px.png"))
    public.set_viewport_size(WIDE)
    shoot_both(public, screenshot, "map-03-public")
    assert office.errors == [] and public.errors == []


async def _crowded(api: ApiClient) -> Scene:
    """A flood over 裕安 with more needs at points than one page of the API holds."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    for k in range(MORE_THAN_A_PAGE):
        at = {"latitude": 31.60 + (k % 11) * 0.02, "longitude": 116.30 + (k // 11) * 0.03}
        await published_need(
            api, office.token, incident, quantity=10 + k, location=at, confirmDuplicate=True
        )
    return Scene(incident, f"staff-341500-{office.id[-6:]}@gov.example.cn", office.token)


MORE_THAN_A_PAGE = 103


def test_the_map_draws_every_need_past_the_first_page(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a county with more needs at points than one page of a list holds
    scene = steps(portal_server, _crowded)

    # when the office opens the incident's map
    office = new_page(browser, portal_server)
    sign_in(office, scene.staff_email)
    office.goto(f"{portal_server.url}/#/office/incidents/{scene.incident}")
    _drawn(office)

    # then every one of them is drawn, the last page's too
    points = office.get_by_test_id("incident-map").locator(".need-point")
    assert points.count() == MORE_THAN_A_PAGE
    shoot_both(office, screenshot, "map-05-crowded")
    assert office.errors == []
