"""The matching story: a flood in two counties, two charities, a round, acceptance, coverage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import flood_incident, published_need
from workers.embedded import EmbeddedWorkers

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}


async def test_a_round_covers_every_critical_need_and_charities_accept(
    api: ApiClient,
    workers: EmbeddedWorkers,
) -> None:
    # given a Lu'an office, a flood in Yu'an and Huoqiu, and two verified charities
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341522"])
    water_yuan = await published_need(
        api, office.token, incident, quantity=6000, urgency="CRITICAL", neededBy=SOON
    )
    water_huoqiu = await published_need(
        api,
        office.token,
        incident,
        regionCode="341522",
        quantity=4000,
        urgency="CRITICAL",
        neededBy=SOON,
    )
    tents = await published_need(
        api,
        office.token,
        incident,
        regionCode="341522",
        categoryCode="TENTS",
        quantity=200,
        neededBy=SOON,
    )
    red_cross = await verified_organization(
        api, office.token, 11, "341502", name="六安红十字会", kind="CHARITY"
    )
    blue_sky = await verified_organization(
        api, office.token, 12, "341503", name="蓝天救援队", kind="CHARITY"
    )

    # and capacity scarcer than the need: 5,000 litres of water and 150 tents
    water_offer = await api.mutate(
        "postOffer",
        MATCHING["PostOffer"],
        {
            "categoryCode": "DRINKING_WATER",
            "quantity": 5000,
            "serviceRegionCodes": ["341500"],
            **WINDOW,
        },
        red_cross.token,
    )
    assert water_offer["userErrors"] == [], water_offer
    tent_offer = await api.mutate(
        "postOffer",
        MATCHING["PostOffer"],
        {"categoryCode": "TENTS", "quantity": 150, "serviceRegionCodes": ["340000"], **WINDOW},
        blue_sky.token,
    )
    assert tent_offer["userErrors"] == [], tent_offer

    # when the office runs a round and the workers finish it
    started = await api.mutate(
        "runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token
    )
    assert started["round"]["status"] == "PENDING"
    await workers.drain()
    round_ = (await api.gql(MATCHING["MatchingRound"], {"id": started["round"]["id"]}))["node"]

    # then it finished, and every critical need got some water before either got it all
    assert round_["status"] == "FINISHED"
    proposals = [e["node"] for e in round_["allocations"]["edges"]]
    water = {
        p["need"]["id"]: p["quantity"]
        for p in proposals
        if p["offer"]["id"] == water_offer["offer"]["id"]
    }
    assert set(water) == {water_yuan, water_huoqiu}
    assert sum(water.values()) == 5000
    assert all(quantity >= 1000 for quantity in water.values())
    assert all(p["status"] == "PROPOSED" and p["explanation"] for p in proposals)
    assert {
        p["need"]["id"] for p in proposals if p["offer"]["id"] == tent_offer["offer"]["id"]
    } == {tents}

    # when the charities accept every proposal
    for proposal in proposals:
        owner = red_cross if proposal["offer"]["id"] == water_offer["offer"]["id"] else blue_sky
        accepted = await api.mutate(
            "acceptAllocation",
            MATCHING["AcceptAllocation"],
            {"allocationId": proposal["id"]},
            owner.token,
        )
        assert accepted["userErrors"] == [], accepted
        assert accepted["allocation"]["status"] == "ACCEPTED"
        assert accepted["dispatch"]["code"].startswith("RH-")
        assert accepted["dispatch"]["status"] == "ISSUED"

    # then coverage shows what is allocated and what is still missing
    coverage = (await api.gql(MATCHING["IncidentCoverage"], {"id": incident}))["node"]
    # each category in its own unit, never added together
    assert {
        c["categoryCode"]: (c["unit"], c["needed"], c["allocated"], c["shortfall"])
        for c in coverage["coverage"]["byCategory"]
    } == {
        "DRINKING_WATER": ("litres", 10000, 5000, 5000),
        "TENTS": ("pieces", 200, 150, 50),
    }
    # and no need is fully covered yet: every one is still short
    assert coverage["coverage"]["fullyCoveredShare"] == 0
    assert coverage["gaps"]["totalCount"] == 0

    # and the offers show their committed capacity
    offers = await api.gql(MATCHING["Offers"], {"filter": {"incidentId": incident}})
    committed = {e["node"]["id"]: e["node"]["quantityCommitted"] for e in offers["offers"]["edges"]}
    assert committed == {water_offer["offer"]["id"]: 5000, tent_offer["offer"]["id"]: 150}
