"""Phases move one step at a time (or straight to CLOSED); closing keeps what was given."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import lu_an_flood, ok, pledged, published_need, refused


async def test_a_phase_cannot_be_skipped_but_closing_is_always_possible(api: ApiClient) -> None:
    # given a flood in its emergency phase
    _, office, incident = await lu_an_flood(api)

    # when the office jumps to RECOVERY, then it is refused
    skip = {"incidentId": incident, "phase": "RECOVERY"}
    await refused(api, "updateIncidentPhase", skip, office.token, (["phase"], "INVALID_TRANSITION"))

    # when it closes the incident straight away, then that is allowed
    close = {"incidentId": incident, "phase": "CLOSED"}
    closed = await ok(api, "updateIncidentPhase", close, office.token)
    assert closed["incident"]["phase"] == "CLOSED"


async def test_closing_keeps_the_allocated_units_of_partly_covered_needs_in_coverage(
    api: ApiClient,
) -> None:
    # given a need for 50 tents of which a charity pledged 20
    _, office, incident = await lu_an_flood(api)
    tents = await published_need(api, office.token, incident, categoryCode="TENTS", quantity=50)
    charity = await verified_organization(
        api, office.token, 141, "341503", name="蓝天救援队", kind="CHARITY"
    )
    await pledged(api, charity.token, tents, "TENTS", 20)

    # when the office closes the incident
    await ok(api, "updateIncidentPhase", {"incidentId": incident, "phase": "CLOSED"}, office.token)

    # then the need expired, yet the coverage still shows the 20 allocated of 50 needed
    # and the 30 it never got
    coverage = (await api.gql(MATCHING["IncidentCoverage"], {"id": incident}))["node"]
    tents_row = coverage["coverage"]["byCategory"][0]
    assert (tents_row["needed"], tents_row["allocated"], tents_row["shortfall"]) == (50, 20, 30)


async def test_a_county_office_manages_its_needs_but_not_the_prefecture_wide_incident(
    api: ApiClient,
) -> None:
    # given a flood over Yu'an and Huoqiu opened by the Lu'an office, and Yu'an's office
    admin, office, incident = await lu_an_flood(api)
    county = await office_with_staff(api, admin, "341503", "裕安区民政局")

    # when Yu'an's office closes the incident, then it is refused, and nothing expires
    await published_need(api, office.token, incident, regionCode="341522")
    close = {"incidentId": incident, "phase": "CLOSED"}
    await refused(
        api, "updateIncidentPhase", close, county.token, (["incidentId"], "OUT_OF_JURISDICTION")
    )

    # but it still publishes and cancels its own needs
    own = await published_need(api, county.token, incident, regionCode="341503")
    cancelled = await ok(api, "cancelNeed", {"needId": own}, county.token)
    assert cancelled["need"]["status"] == "CANCELLED"

    # and the office that opened it, covering both counties, closes it
    closed = await ok(api, "updateIncidentPhase", close, office.token)
    assert closed["incident"]["phase"] == "CLOSED"


async def test_the_office_that_opened_an_incident_changes_its_phase(api: ApiClient) -> None:
    # given a flood over Huoqiu and Yu'an that ADMIN opened for Huoqiu's county office
    admin = await api.admin_token()
    huoqiu = await office_with_staff(api, admin, "341522", "霍邱县民政局")
    yu_an = await office_with_staff(api, admin, "341503", "裕安区民政局")
    opened = await api.mutate(
        "createIncident",
        MATCHING["CreateIncident"],
        {
            "name": "霍邱洪涝",
            "hazard": "FLOOD",
            "responseLevel": "LEVEL_III",
            "regionCodes": ["341522", "341503"],
            "startedAt": "2020-07-19T08:00:00+08:00",
            "officeId": huoqiu.id,
        },
        admin,
    )
    incident = opened["incident"]["id"]

    # when Yu'an's office moves it on, then it is refused: it neither opened nor covers it
    step = {"incidentId": incident, "phase": "TRANSITIONAL_RESETTLEMENT"}
    await refused(
        api, "updateIncidentPhase", step, yu_an.token, (["incidentId"], "OUT_OF_JURISDICTION")
    )
    # when Huoqiu's office, which opened it, does, then it moves
    moved = await ok(api, "updateIncidentPhase", step, huoqiu.token)
    assert moved["incident"]["phase"] == "TRANSITIONAL_RESETTLEMENT"


async def test_an_incident_spreads_to_another_county_through_the_api(api: ApiClient) -> None:
    # given a flood over Yu'an and Huoqiu
    _, office, incident = await lu_an_flood(api)

    # when the office adds Jinzhai and raises the response level
    values = {"incidentId": incident, "addRegionCodes": ["341524"], "responseLevel": "LEVEL_I"}
    changed = (await ok(api, "updateIncident", values, office.token))["incident"]

    # then the incident reaches the three counties at the new level
    assert [r["code"] for r in changed["regions"]] == ["341503", "341522", "341524"]
    assert changed["responseLevel"] == "LEVEL_I"

    # and adding a county twice, or one of Hefei, is named and writes nothing
    again = {"incidentId": incident, "addRegionCodes": ["341524"]}
    await refused(api, "updateIncident", again, office.token, (["addRegionCodes"], "INVALID"))
    hefei = {"incidentId": incident, "addRegionCodes": ["340102"]}
    expected = (["addRegionCodes"], "OUT_OF_JURISDICTION")
    await refused(api, "updateIncident", hefei, office.token, expected)
