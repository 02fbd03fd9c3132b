"""The targets of the help-request mutations in the permission matrix: a fresh request
for each cell, as far along its life as the mutation needs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.security.world import World, help_call, help_request

SOON = (datetime.now(UTC) + timedelta(days=3)).isoformat()


async def _with(made: Any, shape: Any) -> dict[str, Any]:
    return shape(await made)


async def worked_request(world: World, *, outcome: bool = False) -> str:
    """A request Lu'an's staff triaged (and answered, if `outcome`), then handed back
    to the queue, so that whoever comes next may take it."""
    request_id = await help_request(world)
    staff, target = world.tokens["OFFICE_STAFF_IN"], {"helpRequestId": request_id}
    await world.ok("triageHelpRequest", {**target, "urgency": "HIGH"}, staff)
    if outcome:
        await world.ok("answerHelpRequest", {**target, "note": "矩阵"}, staff)
    await world.ok("releaseHelpRequest", target, staff)
    return request_id


async def _duplicate(world: World) -> dict[str, Any]:
    original = await help_request(world)
    return {"helpRequestId": await worked_request(world), "duplicateOf": original}


async def _convert(world: World) -> dict[str, Any]:
    return {
        "helpRequestId": await worked_request(world),
        "incidentId": world.ids["INCIDENT"],
        "categoryCode": "DRINKING_WATER",
        "quantity": 20,
        "neededBy": SOON,
    }


async def _referral(world: World) -> dict[str, Any]:
    """A referral Lu'an's staff made, the request handed back to the queue."""
    request_id = await help_request(world)
    staff, target = world.tokens["OFFICE_STAFF_IN"], {"helpRequestId": request_id}
    await world.ok("triageHelpRequest", {**target, "urgency": "HIGH"}, staff)
    referred = await world.ok(
        "referHelpRequest",
        {**target, "department": "HOUSING"},
        staff,
        "helpRequest { outcomes { id kind } }",
    )
    await world.ok("releaseHelpRequest", target, staff)
    [outcome] = referred["helpRequest"]["outcomes"]
    return {"helpRequestOutcomeId": outcome["id"], "answer": "住建部门已安排"}


async def _given(values: dict[str, Any]) -> dict[str, Any]:
    return values


HELP_REQUEST_TARGETS: dict[str, Any] = {
    "submitHelpRequest": lambda _: _given(help_call()),
    "claimHelpRequest": lambda w: _with(help_request(w), lambda r: {"helpRequestId": r}),
    "releaseHelpRequest": lambda w: _with(help_request(w), lambda r: {"helpRequestId": r}),
    "triageHelpRequest": lambda w: _with(
        help_request(w), lambda r: {"helpRequestId": r, "urgency": "HIGH"}
    ),
    "convertHelpRequestToNeed": _convert,
    "referHelpRequest": lambda w: _with(
        worked_request(w), lambda r: {"helpRequestId": r, "department": "HOUSING"}
    ),
    "answerHelpRequest": lambda w: _with(
        worked_request(w), lambda r: {"helpRequestId": r, "note": "矩阵"}
    ),
    "markHelpRequestDuplicate": _duplicate,
    "closeHelpRequest": lambda w: _with(
        worked_request(w, outcome=True), lambda r: {"helpRequestId": r, "note": "矩阵回访"}
    ),
    "answerHelpRequestReferral": _referral,
    "setHotlineTimes": lambda w: _given(
        {"officeId": w.ids["OFFICE_IN"], "triageMinutes": 30, "callDownHours": 72}
    ),
    "recordCallDown": lambda w: _with(
        help_request(w), lambda r: {"helpRequestId": r, "answer": "STILL_NEEDED"}
    ),
}
