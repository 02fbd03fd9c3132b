"""The need whose point the read matrix checks: one for elders living alone in Yu'an,
published with a point by the inside office."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.security.world import HOME, World

POINT = {"latitude": 31.6512, "longitude": 116.3817}


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
