"""A volunteer's offer reaches, by default, where their profile says they serve: the
service regions and the radius from home are written on the offer, which matching then
reads; what the offer says itself stands."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.assignments import counselling_need
from tests.steps.loop import matched
from tests.steps.registry import codes, register_volunteer
from tests.steps.relief import WINDOW

HOME = {"latitude": 31.73512, "longitude": 116.50833}  # Yu'an district, 341503
OFFER_REACH = """query OfferReach($id: ID!) { node(id: $id) { ... on Offer {
  serviceRegionCodes maxTravelKm baseLocation { latitude longitude } } } }"""
COUNSELLING = {"categoryCode": "PSYCHOLOGICAL_SUPPORT", "quantity": 1} | WINDOW


async def _post(api: ApiClient, token: str, **reach: Any) -> dict[str, Any]:
    return await api.mutate("postOffer", MATCHING["PostOffer"], COUNSELLING | reach, token)


async def _reach(api: ApiClient, token: str, posted: dict[str, Any]) -> dict[str, Any]:
    assert posted["userErrors"] == [], posted
    return dict((await api.gql(OFFER_REACH, {"id": posted["offer"]["id"]}, token))["node"])


async def test_an_offer_saying_nothing_of_its_reach_takes_the_profiles(api: ApiClient) -> None:
    # given a volunteer who serves in Jinzhai county and 25 km around their home in Yu'an
    _, token = await register_volunteer(
        api,
        skills=["PSYCHOLOGICAL_COUNSELING"],
        serviceRegionCodes=["341524"],
        serviceRadiusKm=25,
        homeLocation=HOME,
    )

    # when they post offers: one saying nothing of its reach, one with its own regions,
    # one with a base and no radius
    plain = await _reach(api, token, await _post(api, token))
    own = await _reach(api, token, await _post(api, token, serviceRegionCodes=["341502"]))
    based = await _reach(
        api, token, await _post(api, token, baseLocation={"latitude": 31.7, "longitude": 116.5})
    )

    # then the first covers the profile's regions and radius around home
    assert plain == {"serviceRegionCodes": ["341524"], "maxTravelKm": 25, "baseLocation": HOME}
    # and the second keeps its regions alone; the third takes the profile's radius
    assert own == {"serviceRegionCodes": ["341502"], "maxTravelKm": None, "baseLocation": None}
    assert based["serviceRegionCodes"] == [] and based["maxTravelKm"] == 25
    assert based["baseLocation"] == {"latitude": 31.7, "longitude": 116.5}


async def test_a_volunteer_with_no_reach_anywhere_is_asked_for_one(api: ApiClient) -> None:
    # given a volunteer whose profile names neither service regions nor a radius
    _, token = await register_volunteer(api)

    # when they post an offer saying nothing of its reach / then it is refused, unwritten
    refused = await _post(api, token)
    assert codes(refused) == [(["serviceRegionCodes"], "REQUIRED")]
    assert refused["offer"] is None


async def test_the_profiles_radius_brings_a_need_near_home_into_reach(api: ApiClient) -> None:
    # given a counselling need in Yu'an, and a counsellor serving 25 km around a home there,
    # whose profile names no service region
    scene = await counselling_need(api, location={"latitude": 31.76, "longitude": 116.52})
    office, incident, need = scene.office, scene.incident, scene.need
    _, token = await register_volunteer(
        api, skills=["PSYCHOLOGICAL_COUNSELING"], serviceRadiusKm=25, homeLocation=HOME
    )

    # when they offer their time saying nothing of where, and a round runs
    posted = await _post(api, token, skills=["PSYCHOLOGICAL_COUNSELING"])
    assert posted["userErrors"] == [], posted

    # then the round proposes their offer for the need
    proposed = await matched(api, incident, office.token)
    assert [(p["need"]["id"], p["offer"]["id"]) for p in proposed] == [
        (need, posted["offer"]["id"])
    ]
