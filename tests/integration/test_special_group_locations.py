"""A need naming special groups keeps its point for who may be sent there: ADMIN, the
office of its county and verified providers. Anonymous callers, partner tokens without
PERSONAL_DATA, offices elsewhere, PENDING organizations and self-registered volunteers
read its county only, in GraphQL and in the exports. A need of no special group shows its
point to everyone."""

from __future__ import annotations

import csv
import io

from tests.client import ApiClient
from tests.integration.documents import REGISTRY
from tests.steps.registry import (
    office_with_staff,
    register_organization,
    register_volunteer,
    verified_organization,
)
from tests.steps.relief import flood_incident, lu_an_flood, pledged, published_need

DUSHAN = {"latitude": 31.6512, "longitude": 116.3817}
NEEDS = """query Needs($incidentId: ID!) { needs(filter: {incidentId: $incidentId}) {
  nodes { id location { latitude longitude } region { code } } } }"""


async def _scene(api: ApiClient) -> tuple[str, str, str, str, str]:
    """(incident, the elders' need, the public need, the office's token, the ADMIN's)."""
    admin, office, incident = await lu_an_flood(api)
    elders = await published_need(
        api,
        office.token,
        incident,
        location=DUSHAN,
        beneficiaries={"count": 12, "specialGroups": ["ELDERLY_ALONE"]},
    )
    public = await published_need(
        api, office.token, incident, categoryCode="TENTS", quantity=20, location=DUSHAN
    )
    return incident, elders, public, office.token, admin


async def _partner(api: ApiClient, token: str, scopes: list[str]) -> str:
    created = await api.mutate(
        "createApiToken", REGISTRY["CreateApiToken"], {"name": "partner", "scopes": scopes}, token
    )
    return str(created["token"])


async def _points(api: ApiClient, incident: str, token: str | None) -> dict[str, object]:
    data = await api.gql(NEEDS, {"incidentId": incident}, token)
    return {n["id"]: (n["location"], n["region"]["code"]) for n in data["needs"]["nodes"]}


async def test_the_point_of_a_special_groups_need_is_for_who_may_see_personal_data(
    api: ApiClient,
) -> None:
    # given a need for elders living alone with a point, and a public need with the same
    incident, elders, public, office, _ = await _scene(api)
    with_scope = await _partner(api, office, ["PERSONAL_DATA", "NEEDS"])
    without = await _partner(api, office, ["NEEDS"])

    # when each kind of caller lists the incident's needs
    anonymous = await _points(api, incident, None)
    unscoped = await _points(api, incident, without)
    scoped = await _points(api, incident, with_scope)
    signed_in = await _points(api, incident, office)

    # then the elders' need shows its county only to the anonymous and the unscoped token
    assert anonymous[elders] == unscoped[elders] == (None, "341503")
    assert scoped[elders] == signed_in[elders] == (DUSHAN, "341503")
    # and the public need shows its point to all
    assert anonymous[public] == unscoped[public] == scoped[public] == (DUSHAN, "341503")


async def test_only_the_office_of_its_county_and_verified_providers_read_the_point(
    api: ApiClient,
) -> None:
    # given the two needs, an office elsewhere, a VERIFIED and a PENDING organization, and
    # a volunteer who signed up on their own, then one the office verified
    incident, elders, public, office, admin = await _scene(api)
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    verified = await verified_organization(api, office, 81, "341503", kind="CHARITY")
    _, pending = await register_organization(api, 82, "341503")
    volunteer, self_registered = await register_volunteer(api, "341503")

    # when each of them lists the incident's needs
    seen = {
        "admin": await _points(api, incident, admin),
        "hefei": await _points(api, incident, hefei.token),
        "verified": await _points(api, incident, verified.token),
        "pending": await _points(api, incident, pending),
        "self-registered": await _points(api, incident, self_registered),
    }

    # then ADMIN and the verified charity read the elders' point; the others its county
    assert {who: points[elders] for who, points in seen.items()} == {
        "admin": (DUSHAN, "341503"),
        "hefei": (None, "341503"),
        "verified": (DUSHAN, "341503"),
        "pending": (None, "341503"),
        "self-registered": (None, "341503"),
    }
    # and everybody reads the public need's point
    assert all(points[public] == (DUSHAN, "341503") for points in seen.values())
    # and the needs CSV says the same to the PENDING organization and the verified one
    assert (await _export_points(api, incident, pending))[elders] == ("", "")
    point = (str(DUSHAN["latitude"]), str(DUSHAN["longitude"]))
    assert (await _export_points(api, incident, verified.token))[elders] == point

    # when the office verifies the volunteer / then they read the point too
    reviewed = await api.mutate(
        "reviewVolunteer",
        REGISTRY["ReviewVolunteer"],
        {"volunteerId": volunteer, "decision": "APPROVE"},
        office,
    )
    assert reviewed["userErrors"] == [], reviewed
    assert (await _points(api, incident, self_registered))[elders] == (DUSHAN, "341503")


async def _export_points(api: ApiClient, incident: str, token: str | None) -> dict[str, tuple]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await api.http.get(f"/exports/incidents/{incident}/needs.csv", headers=headers)
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {r["需求编号"]: (r["纬度"], r["经度"]) for r in rows}


async def test_the_needs_export_leaves_the_point_of_a_special_groups_need_blank_for_the_public(
    api: ApiClient,
) -> None:
    # given the two needs
    incident, elders, public, office, _ = await _scene(api)
    without = await _partner(api, office, ["NEEDS"])

    # when the needs CSV is downloaded anonymously, by an unscoped token and by the office
    anonymous = await _export_points(api, incident, None)
    unscoped = await _export_points(api, incident, without)
    staff = await _export_points(api, incident, office)

    # then the elders' point is blank for the first two, written for the office
    point = (str(DUSHAN["latitude"]), str(DUSHAN["longitude"]))
    assert anonymous[elders] == unscoped[elders] == ("", "")
    assert staff[elders] == point
    # and the public need's point is written for everyone
    assert anonymous[public] == unscoped[public] == staff[public] == point


INSTRUCTIONS = """query Dispatches { dispatches(first: 1) { edges { node { instructions } } } }"""


async def test_a_dispatch_to_a_special_groups_need_gives_its_point_to_scoped_callers_only(
    api: ApiClient,
) -> None:
    # given a charity's pledge to the elders' need: a dispatch whose instructions hold the point
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    elders = await published_need(
        api,
        office.token,
        incident,
        categoryCode="TENTS",
        quantity=10,
        location=DUSHAN,
        beneficiaries={"specialGroups": ["ELDERLY_ALONE"]},
    )
    charity = await verified_organization(api, office.token, 41, "341502", kind="CHARITY")
    await pledged(api, charity.token, elders, "TENTS", 10, quantity=50)
    scoped = await _partner(api, charity.token, ["PERSONAL_DATA", "DISPATCH"])
    unscoped = await _partner(api, charity.token, ["DISPATCH"])

    async def point(token: str) -> object:
        data = await api.gql(INSTRUCTIONS, None, token)
        return data["dispatches"]["edges"][0]["node"]["instructions"]["point"]

    # when the charity reads it in the portal, and through its two partner tokens
    # then the portal and the scoped token read the point, the unscoped one none
    assert await point(charity.token) == DUSHAN
    assert await point(scoped) == DUSHAN
    assert await point(unscoped) is None
