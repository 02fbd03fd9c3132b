"""The points the read matrix checks: a need for elders living alone in Yu'an, published
with a point by the inside office, and an offer of the world's volunteer with a base."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.security.world import HOME, World

POINT = {"latitude": 31.6512, "longitude": 116.3817}
BASE = {"latitude": 31.7356, "longitude": 116.5079}


async def world_elders_need(world: World) -> None:
    made = await world.ok(
        "publishNeed",
        {
            "incidentId": world.ids["INCIDENT"],
            "regionCode": HOME,
            "categoryCode": "DRINKING_WATER",
            "quantity": 40,
            "urgency": "HIGH",
            "neededBy": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
            "location": POINT,
            "beneficiaries": {"count": 6, "specialGroups": ["ELDERLY_ALONE"]},
        },
        world.tokens["OFFICE_STAFF_IN"],
        "need { id }",
    )
    world.ids["ELDERS_NEED"] = made["need"]["id"]
    world.values["ELDERS_NEED_LATITUDE"] = str(POINT["latitude"])


async def world_volunteer_offer(world: World) -> None:
    made = await world.ok(
        "postOffer",
        {
            "categoryCode": "DRINKING_WATER",
            "quantity": 10,
            "availableFrom": datetime.now(UTC).isoformat(),
            "availableUntil": (datetime.now(UTC) + timedelta(days=5)).isoformat(),
            "baseLocation": BASE,
            "maxTravelKm": 20,
        },
        world.tokens["VOLUNTEER"],
        "offer { id }",
    )
    world.ids["VOLUNTEER_OFFER"] = made["offer"]["id"]
    world.values["VOLUNTEER_BASE_LATITUDE"] = str(BASE["latitude"])
