"""Phases move one step at a time (or straight to CLOSED); closing keeps what was given."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import verified_organization
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
