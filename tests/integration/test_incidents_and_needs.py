"""Through the API: incidents, the taxonomy and needs, refusals included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import (
    codes,
    office_with_staff,
    register_organization,
    row_counts,
    verified_organization,
)
from tests.steps.relief import (
    call,
    flood_incident,
    lu_an_flood,
    need_input,
    ok,
    pledged,
    published_need,
    refused,
)

# The starting taxonomy (docs/architecture.md), typed out so the seed is checked against it.
TAXONOMY = {
    code: (group, unit)
    for group, entries in (
        ("RELIEF_SUPPLIES", "FOOD:portions DRINKING_WATER:litres TENTS:pieces BEDDING:sets"),
        ("RELIEF_SUPPLIES", "CLOTHING:sets MEDICINE:kits HYGIENE_KITS:kits GENERATORS:pieces"),
        ("SERVICES", "PSYCHOLOGICAL_SUPPORT:counselor-days SOCIAL_WORK:worker-days"),
        ("SERVICES", "MEDICAL_CARE:medic-days CARE_VISITS:visits"),
        ("RESCUE", "RESCUE_TEAM:team-days TRANSPORT:vehicle-days"),
        ("RESETTLEMENT", "SHELTER:places"),
        ("REBUILDING", "DEBRIS_CLEARING:crew-days HOUSE_REPAIR:houses CONSTRUCTION_CREW:crew-days"),
    )
    for code, unit in (entry.split(":") for entry in entries.split())
}


def incident_input(region_codes: list[str]) -> dict[str, Any]:
    values = {"name": "2020年7月洪涝", "hazard": "FLOOD", "responseLevel": "LEVEL_II"}
    return values | {"regionCodes": region_codes, "startedAt": "2020-07-19T08:00:00+08:00"}


async def test_offices_open_incidents_only_inside_their_jurisdiction(api: ApiClient) -> None:
    # given the Lu'an office, the Hefei office next door, and a charity's admin
    admin = await api.admin_token()
    lu_an = await office_with_staff(api, admin, "341500", "六安市民政局")
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    _, charity = await register_organization(api, seed=101)

    # when Lu'an opens a flood over two of its counties
    values = incident_input(["341522", "341503"]) | {"responseLevel": "LEVEL_I"}
    incident = (await ok(api, "createIncident", values, lu_an.token))["incident"]

    # then the incident starts in EMERGENCY_RESCUE over exactly those regions
    summary = (incident["hazard"], incident["phase"], incident["responseLevel"])
    assert summary == ("FLOOD", "EMERGENCY_RESCUE", "LEVEL_I")
    assert sorted(r["code"] for r in incident["regions"]) == ["341503", "341522"]

    # and regions outside, unknown or missing, and roles other than office staff, are refused
    for token, region_codes, expected in (
        (lu_an.token, ["341503", "340102"], (["regionCodes"], "OUT_OF_JURISDICTION")),
        (hefei.token, ["341503"], (["regionCodes"], "OUT_OF_JURISDICTION")),
        (lu_an.token, ["999999"], (["regionCodes"], "UNKNOWN_REGION")),
        (lu_an.token, [], (["regionCodes"], "REQUIRED")),
        (charity, ["341503"], (None, "FORBIDDEN")),
    ):
        await refused(api, "createIncident", incident_input(region_codes), token, expected)


async def test_phases_only_move_forward_and_a_closed_incident_takes_no_needs(
    api: ApiClient,
) -> None:
    # given a flood with an open need and a fully pledged one, and the Hefei office next door
    admin, office, incident = await lu_an_flood(api)
    need = await published_need(api, office.token, incident)
    tents = await published_need(api, office.token, incident, categoryCode="TENTS", quantity=50)
    charity = await verified_organization(
        api, office.token, 104, "341503", name="蓝天救援队", kind="CHARITY"
    )
    offer = await pledged(api, charity.token, tents, "TENTS", 50)
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")

    # when the office moves it forward, then the phase follows
    for phase in ("TRANSITIONAL_RESETTLEMENT", "RECOVERY"):
        moved = await ok(
            api, "updateIncidentPhase", {"incidentId": incident, "phase": phase}, office.token
        )
        assert moved["incident"] == {"id": incident, "phase": phase}

    # when it moves backwards, to the same phase, or from another prefecture: refused
    for phase, token, expected in (
        ("EMERGENCY_RESCUE", office.token, (["phase"], "INVALID_TRANSITION")),
        ("RECOVERY", office.token, (["phase"], "INVALID_TRANSITION")),
        ("CLOSED", hefei.token, (["incidentId"], "OUT_OF_JURISDICTION")),
    ):
        values = {"incidentId": incident, "phase": phase}
        await refused(api, "updateIncidentPhase", values, token, expected)

    # when the office closes it
    closed = {"incidentId": incident, "phase": "CLOSED"}
    assert (await ok(api, "updateIncidentPhase", closed, office.token))["incident"][
        "phase"
    ] == "CLOSED"

    # then the open need expired, the allocated one stays, and no new need is taken
    listed = await api.gql(MATCHING["Needs"], {"filter": {"incidentId": incident}})
    statuses = {(e["node"]["id"], e["node"]["status"]) for e in listed["needs"]["edges"]}
    assert statuses == {(need, "EXPIRED"), (tents, "ALLOCATED")}
    too_late = (["incidentId"], "INVALID_TRANSITION")
    values = need_input(incident, regionCode="341522")
    await refused(api, "publishNeed", values, office.token, too_late)
    # nor does the allocated need ask for more, nor is the expired one pledged to
    too_late = (["needId"], "INVALID_TRANSITION")
    await refused(api, "updateNeed", {"needId": tents, "quantity": 80}, office.token, too_late)
    values = {"offerId": offer, "needId": need, "quantity": 1}
    await refused(api, "pledgeOffer", values, charity.token, too_late)
    # and CLOSED is final
    values = {"incidentId": incident, "phase": "RECOVERY"}
    await refused(
        api, "updateIncidentPhase", values, office.token, (["phase"], "INVALID_TRANSITION")
    )


async def test_the_taxonomy_is_data_that_only_admin_extends(api: ApiClient) -> None:
    # given ADMIN, an office's staff and a charity's admin
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    _, charity = await register_organization(api, seed=102)

    # when anyone reads the categories, then they are the taxonomy's eighteen, each with its unit
    listed = (await api.gql(MATCHING["Categories"]))["categories"]
    assert len(TAXONOMY) == 18
    assert {c["code"]: (c["group"], c["unit"]) for c in listed} == TAXONOMY
    assert all(c["name"] for c in listed)

    # when ADMIN adds one, then it is listed and needs may ask for it
    formula = {"group": "RELIEF_SUPPLIES", "unit": "cans", "nameEn": "Formula", "nameZh": "奶粉"}
    added = await ok(api, "addCategory", {"code": "FORMULA", **formula}, admin)
    assert added["category"] == {"code": "FORMULA", **formula}
    listed = (await api.gql(MATCHING["Categories"]))["categories"]
    assert ("FORMULA", "cans") in {(c["code"], c["unit"]) for c in listed}
    incident = await flood_incident(api, office, ["341503"])
    await published_need(api, office.token, incident, categoryCode="FORMULA", quantity=40)

    # when others add one, or ADMIN repeats a code, then it is refused
    new = {"group": "SERVICES", "unit": "hours", "nameEn": "Legal aid", "nameZh": "法律援助"}
    for token, code, expected in (
        (office.token, "LEGAL_AID", (None, "FORBIDDEN")),
        (charity, "LEGAL_AID", (None, "FORBIDDEN")),
        (admin, "FOOD", (["code"], "DUPLICATE")),
        (admin, "FORMULA", (["code"], "DUPLICATE")),
    ):
        await refused(api, "addCategory", {"code": code, **new}, token, expected)
    assert len((await api.gql(MATCHING["Categories"]))["categories"]) == len(TAXONOMY) + 1


async def test_bad_needs_are_refused_field_by_field_and_nothing_is_written(
    api: ApiClient,
) -> None:
    # given a flood over Yu'an and Huoqiu, a Yu'an county office and the Hefei office
    admin, office, incident = await lu_an_flood(api)
    yu_an = await office_with_staff(api, admin, "341503", "裕安区民政局")
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    naive = (datetime.now(UTC) + timedelta(days=2)).replace(tzinfo=None).isoformat()
    north, west = {"latitude": 91, "longitude": 116}, {"latitude": 31, "longitude": -181}

    for by, overrides, expected in (
        (office, {"regionCode": "341502"}, (["regionCode"], "OUT_OF_JURISDICTION")),
        (yu_an, {"regionCode": "341522"}, (["regionCode"], "OUT_OF_JURISDICTION")),
        (hefei, {}, (["incidentId"], "OUT_OF_JURISDICTION")),
        (office, {"regionCode": "999999"}, (["regionCode"], "UNKNOWN_REGION")),
        (office, {"categoryCode": "UNICORNS"}, (["categoryCode"], "UNKNOWN_CATEGORY")),
        (office, {"quantity": 0}, (["quantity"], "INVALID")),
        (office, {"quantity": -5}, (["quantity"], "INVALID")),
        (office, {"quantity": 2_147_483_647}, (["quantity"], "INVALID")),
        (office, {"neededBy": naive}, (["neededBy"], "INVALID")),
        (office, {"location": north}, (["location", "latitude"], "INVALID")),
        (office, {"location": west}, (["location", "longitude"], "INVALID")),
    ):
        # when the need is published, then it is refused on that field and nothing is written
        await refused(api, "publishNeed", need_input(incident, **overrides), by.token, expected)

    # and the Yu'an office may publish for its own county of the incident
    await published_need(
        api, yu_an.token, incident, location={"latitude": 31.7, "longitude": 116.5}
    )


async def test_a_likely_duplicate_is_flagged_and_only_created_when_confirmed(
    api: ApiClient,
) -> None:
    # given a flood with a water need for Yu'an
    _, office, incident = await lu_an_flood(api)
    first = await published_need(api, office.token, incident)

    async def flagged(**overrides: Any) -> dict[str, Any]:
        values = need_input(incident, **overrides)
        return await call(api, "publishNeed", values, office.token, document="Flagged")

    # when the same incident, region and category is published again
    before = await row_counts(api)
    duplicate = await flagged(quantity=300)

    # then it comes back as DUPLICATE of the first, and nothing is written
    assert duplicate["need"] is None and duplicate["duplicateOf"] == {"id": first}
    assert codes(duplicate) == [(["categoryCode"], "DUPLICATE")]
    assert await row_counts(api) == before

    # when the office confirms it, then it is created and still points at the first
    confirmed = await flagged(quantity=300, confirmDuplicate=True)
    assert confirmed["userErrors"] == [], confirmed
    assert confirmed["need"]["status"] == "OPEN" and confirmed["need"]["id"] != first
    assert confirmed["duplicateOf"] == {"id": first}

    # and another region is no duplicate, nor is a need that was cancelled
    other = await flagged(regionCode="341522")
    assert other["userErrors"] == [] and other["duplicateOf"] is None, other
    for need in (first, confirmed["need"]["id"]):
        await ok(api, "cancelNeed", {"needId": need}, office.token)
    again = await flagged()
    assert again["userErrors"] == [] and again["duplicateOf"] is None, again


async def test_a_need_is_updated_never_below_its_promises_and_cancelled_once(
    api: ApiClient,
) -> None:
    # given a need for 500 litres, 200 of them pledged by a charity
    admin, office, incident = await lu_an_flood(api)
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    need = await published_need(api, office.token, incident)
    charity = await verified_organization(
        api, office.token, 103, "341502", name="六安红十字会", kind="CHARITY"
    )
    await pledged(api, charity.token, need, "DRINKING_WATER", 200)

    # when the office lowers it below what is allocated, or others touch it: refused
    for token, fields, expected in (
        (office.token, {"quantity": 199}, (["quantity"], "INSUFFICIENT_CAPACITY")),
        (office.token, {"quantity": 0}, (["quantity"], "INVALID")),
        (hefei.token, {"quantity": 800}, (["needId"], "OUT_OF_JURISDICTION")),
        (charity.token, {"quantity": 800}, (None, "FORBIDDEN")),
    ):
        await refused(api, "updateNeed", {"needId": need, **fields}, token, expected)

    # when it lowers it to exactly what is allocated, then the need is ALLOCATED
    values = {"needId": need, "quantity": 200, "urgency": "CRITICAL"}
    lowered = (await ok(api, "updateNeed", values, office.token))["need"]
    assert lowered == {
        "id": need,
        "quantity": 200,
        "quantityAllocated": 200,
        "urgency": "CRITICAL",
        "status": "ALLOCATED",
    }
    raised = await ok(api, "updateNeed", {"needId": need, "quantity": 600}, office.token)
    assert raised["need"]["status"] == "PARTIALLY_ALLOCATED", raised

    # when it cancels the need, then it is CANCELLED, and cannot be cancelled or updated again
    values = {"needId": need, "reason": "已自救"}
    cancelled = await ok(api, "cancelNeed", values, office.token)
    assert cancelled["need"] == {"id": need, "status": "CANCELLED"}
    expected = (["needId"], "INVALID_TRANSITION")
    await refused(api, "cancelNeed", values, office.token, expected)
    await refused(api, "updateNeed", {"needId": need, "quantity": 700}, office.token, expected)


async def test_needs_are_listed_by_each_filter_and_paged(api: ApiClient) -> None:
    # given two incidents and five needs, one of them cancelled
    _, office, flood = await lu_an_flood(api)
    storm = await flood_incident(api, office, ["341502"])
    a = await published_need(api, office.token, flood, urgency="CRITICAL")
    b = await published_need(api, office.token, flood, categoryCode="TENTS", quantity=80)
    c = await published_need(api, office.token, flood, regionCode="341522", urgency="MEDIUM")
    d = await published_need(api, office.token, flood, regionCode="341522", categoryCode="FOOD")
    e = await published_need(api, office.token, storm, regionCode="341502", urgency="CRITICAL")
    await ok(api, "cancelNeed", {"needId": d}, office.token)

    async def listed(**flt: Any) -> set[str]:
        data = (await api.gql(MATCHING["Needs"], {"filter": flt, "first": 100}))["needs"]
        ids = {edge["node"]["id"] for edge in data["edges"]}
        assert data["totalCount"] == len(ids) == len(data["edges"])
        return ids

    # when the needs are listed by each filter, then exactly the matching ones come back
    assert await listed(incidentId=flood) == {a, b, c, d}
    assert await listed(status="OPEN") == {a, b, c, e}
    assert await listed(status="CANCELLED") == {d}
    assert await listed(urgency="CRITICAL") == {a, e}
    assert await listed(categoryCode="DRINKING_WATER") == {a, c, e}
    assert await listed(incidentId=flood, categoryCode="DRINKING_WATER") == {a, c}
    assert await listed(regionCode="341503") == {a, b}
    assert await listed(regionCode="341500") == {a, b, c, d, e}
    assert await listed(regionCode="340100") == set()
    assert await listed(incidentId=flood, regionCode="341522", status="OPEN") == {c}

    # and an unknown region is an error, not a server failure
    response = await api.post(MATCHING["Needs"], {"filter": {"regionCode": "999999"}})
    assert response.status_code == 200 and response.json()["errors"]

    # when they are paged two at a time, then every need comes exactly once, in three pages
    seen: list[str] = []
    after = None
    for _ in range(3):
        page = (await api.gql(MATCHING["Needs"], {"first": 2, "after": after}))["needs"]
        assert page["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in page["edges"]]
        after = page["pageInfo"]["endCursor"]
    assert not page["pageInfo"]["hasNextPage"]
    assert sorted(seen) == sorted([a, b, c, d, e])
