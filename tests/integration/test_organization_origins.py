"""An organization's offer without a base sets out from its organization's county's
centre: distances are measured from there, the reasons say so, and the offer's `origin`
gives the map that point for its dispatch lines."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.loop import matched
from tests.steps.registry import verified_organization
from tests.steps.relief import WINDOW, lu_an_flood, published_need

EXPLAINED = """query Explained($incidentId: ID!) {
  allocations(first: 5, filter: { incidentId: $incidentId, status: PROPOSED }) {
    nodes { en: explanation(language: EN) zh: explanation(language: ZH_CN)
            offer { id baseLocation { latitude } origin { latitude longitude } } } } }"""


async def _centre(api: ApiClient, code: str) -> dict[str, float]:
    """The inner point the map's outlines give the division."""
    response = await api.http.get("/maps/regions.geojson", params={"codes": code})
    (feature,) = response.json()["features"]
    return {k: feature["properties"][k] for k in ("latitude", "longitude")}


async def _offer_water(api: ApiClient, token: str) -> None:
    values = {"categoryCode": "DRINKING_WATER", "quantity": 300, "serviceRegionCodes": ["341500"]}
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], values | WINDOW, token)
    assert posted["userErrors"] == [], posted


async def _explained(api: ApiClient, incident: str, token: str) -> list[dict[str, Any]]:
    data = await api.gql(EXPLAINED, {"incidentId": incident}, token)
    return list(data["allocations"]["nodes"])


async def test_an_organizations_offer_without_a_base_sets_out_from_its_countys_centre(
    api: ApiClient,
) -> None:
    # given a water need in Yu'an with no point, and a Jin'an charity's offer with no base
    _, office, incident = await lu_an_flood(api)
    await published_need(api, office.token, incident)
    charity = await verified_organization(api, office.token, 71, "341502", kind="CHARITY")
    await _offer_water(api, charity.token)

    # when a round proposes the charity's water
    assert len(await matched(api, incident, office.token)) == 1
    (proposal,) = await _explained(api, incident, office.token)

    # then the distance is measured, from the counties' centres, and the reasons say so
    assert "distance unknown" not in proposal["en"]
    assert "km away (distance from the county's centre)" in proposal["en"]
    assert "自县区中心起算" in proposal["zh"]
    # and the offer has no base, but sets out from Jin'an's centre as the map draws it
    assert proposal["offer"]["baseLocation"] is None
    assert proposal["offer"]["origin"] == await _centre(api, "341502")


async def test_a_district_the_outlines_lack_sets_out_from_its_province(api: ApiClient) -> None:
    # given a charity of a Chongqing district newer than the outlines (no centre of its own)
    admin, office, incident = await lu_an_flood(api)
    assert (await api.http.get("/maps/regions.geojson", params={"codes": "500157"})).json()[
        "features"
    ] == []
    await published_need(api, office.token, incident)
    charity = await verified_organization(api, admin, 72, "500157", kind="CHARITY")
    await _offer_water(api, charity.token)

    # when a round proposes its water for Yu'an
    assert len(await matched(api, incident, office.token)) == 1
    (proposal,) = await _explained(api, incident, office.token)

    # then its distance is still measured, from Chongqing's centre, and said to be estimated
    assert "distance unknown" not in proposal["en"]
    assert "(distance from the county's centre)" in proposal["en"]
    assert proposal["offer"]["origin"] == await _centre(api, "500000")
