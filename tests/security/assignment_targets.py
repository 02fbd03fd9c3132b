"""Targets of the assignment mutations for the permission matrix: the world's volunteer
(an approved member of the own organization) deployed on the own organization's accepted
allocations, each in a window of its own so that none overlaps another."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.security.world import HOME, World

# Every window starts within 12 hours (so its volunteer may check in) and lasts 3 minutes.
_slots = itertools.count()
_START = datetime.now(UTC) + timedelta(hours=1)
# The read matrix's assignment lies after every window the mutation targets take.
WORLD_WINDOW = (_START + timedelta(hours=9), _START + timedelta(hours=10))


# Where the world's volunteer checked out of the assignment that is over.
CHECK_OUT_LATITUDE = 31.76


def _window() -> dict[str, str]:
    starts = _START + timedelta(minutes=4 * next(_slots))
    return {"startsAt": starts.isoformat(), "endsAt": (starts + timedelta(minutes=3)).isoformat()}


async def accepted_allocation(world: World) -> str:
    """An ACCEPTED allocation of the own organization: its pledge to a need of Yu'an."""
    staff, member = world.tokens["OFFICE_STAFF_IN"], world.tokens["ORG_MEMBER_OWN"]
    need = await world.ok(
        "publishNeed",
        {
            "incidentId": world.ids["INCIDENT"],
            "regionCode": HOME,
            "categoryCode": "SOCIAL_WORK",
            "quantity": 5,
            "urgency": "HIGH",
            "neededBy": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
            "confirmDuplicate": True,
        },
        staff,
        "need { id }",
    )
    offer = await world.ok(
        "postOffer",
        {
            "categoryCode": "SOCIAL_WORK",
            "quantity": 5,
            "availableFrom": datetime.now(UTC).isoformat(),
            "availableUntil": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
            "serviceRegionCodes": [HOME],
        },
        member,
        "offer { id }",
    )
    pledged = await world.ok(
        "pledgeOffer",
        {"offerId": offer["offer"]["id"], "needId": need["need"]["id"], "quantity": 1},
        member,
        "allocation { id }",
    )
    return str(pledged["allocation"]["id"])


async def _deployment(world: World) -> dict[str, Any]:
    return {
        "allocationId": await accepted_allocation(world),
        "volunteerIds": [world.ids["VOLUNTEER"]],
        **_window(),
    }


async def planned(world: World, window: dict[str, str] | None = None) -> str:
    """A PLANNED assignment of the world's volunteer."""
    target = await _deployment(world)
    target.update(window or {})
    made = await world.ok(
        "deployVolunteers", target, world.tokens["ORG_ADMIN_OWN"], "assignments { id }"
    )
    return str(made["assignments"][0]["id"])


async def checked_in(world: World, window: dict[str, str] | None = None) -> str:
    assignment = await planned(world, window)
    here = {"latitude": 31.75, "longitude": 116.5}
    await world.ok(
        "checkIn", {"assignmentId": assignment, "location": here}, world.tokens["VOLUNTEER"]
    )
    return assignment


async def _checked_out(world: World) -> dict[str, Any]:
    assignment = await checked_in(world)
    await world.ok("checkOut", {"assignmentId": assignment}, world.tokens["VOLUNTEER"])
    return {"assignmentId": assignment, "minutes": 30}


async def world_assignment(world: World) -> None:
    """The read matrix's assignments: the world's volunteer checked in at a position, so
    still active (the office of jurisdiction sees their contacts); and, just after it,
    one they checked in and out of at positions, so over (the office no longer does)."""
    starts, ends = WORLD_WINDOW
    window = {"startsAt": starts.isoformat(), "endsAt": ends.isoformat()}
    world.ids["ASSIGNMENT"] = await checked_in(world, window)
    after = {
        "startsAt": (ends + timedelta(minutes=5)).isoformat(),
        "endsAt": (ends + timedelta(minutes=10)).isoformat(),
    }
    done = await checked_in(world, after)
    there = {"latitude": CHECK_OUT_LATITUDE, "longitude": 116.51}
    await world.ok("checkOut", {"assignmentId": done, "location": there}, world.tokens["VOLUNTEER"])
    world.ids["ASSIGNMENT_DONE"] = done


ASSIGNMENT_TARGETS = {
    "deployVolunteers": _deployment,
    "checkIn": lambda w: _with_id(planned(w)),
    "checkOut": lambda w: _with_id(checked_in(w)),
    "confirmHours": _checked_out,
}


async def _with_id(made: Any) -> dict[str, Any]:
    return {"assignmentId": await made}
