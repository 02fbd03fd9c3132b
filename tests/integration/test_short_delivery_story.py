"""A short delivery, told end to end: the gap shows at once, the incident's automatic round
asks another provider, who fills it, and once the receipt is confirmed the gap is 0."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from domain.kernel.enums import RoundStatus
from domain.kernel.global_ids import to_global_id
from domain.matching.records import MatchingRound
from domain.matching.round_runner import execute_round
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP, MATCHING
from tests.steps.relief import WINDOW, DispatchScene, dispatch_scene

INCIDENT_OF = """query IncidentOf($id: ID!) { node(id: $id) { ... on Need { incidentId } } }"""


async def walk(api: ApiClient, token: str, dispatch: str, delivered: int) -> None:
    """The provider acknowledges, sets out and records one delivery of `delivered`."""
    for status in ("ACKNOWLEDGED", "EN_ROUTE"):
        moving = {"dispatchId": dispatch, "status": status}
        moved = await api.mutate(
            "updateDispatchStatus", DISPATCH["UpdateDispatchStatus"], moving, token
        )
        assert moved["userErrors"] == [], moved
    delivery = {"dispatchId": dispatch, "quantity": delivered}
    recorded = await api.mutate("recordDelivery", LOOP["RecordDelivery"], delivery, token)
    assert recorded["userErrors"] == [], recorded


async def receipt(api: ApiClient, s: DispatchScene, dispatch: str, received: int) -> None:
    confirming = {"dispatchId": dispatch, "quantityReceived": received}
    confirmed = await api.mutate(
        "confirmReceipt", LOOP["ConfirmReceipt"], confirming, s.office.token
    )
    assert confirmed["userErrors"] == [], confirmed


async def gaps(api: ApiClient, incident: str) -> list[tuple[str, int]]:
    found = await api.gql(LOOP["IncidentGaps"], {"id": incident, "first": 50})
    edges: list[dict[str, Any]] = found["node"]["coverage"]["gaps"]["edges"]
    return [(e["node"]["id"], e["node"]["shortfall"]) for e in edges]


async def test_a_short_delivery_is_refilled_by_the_automatic_round_and_the_gap_closes(
    api: ApiClient,
) -> None:
    # given 40 tents needed, all dispatched from the Red Cross, which then withdrew the
    # rest of its offer, and another charity's offer of tents posted; the rounds asked
    # for so far have run
    s = await dispatch_scene(api)
    withdrawn = await api.mutate(
        "withdrawOffer", MATCHING["WithdrawOffer"], {"offerId": s.offer_id}, s.charity.token
    )
    assert withdrawn["userErrors"] == [], withdrawn
    incident = (await api.gql(INCIDENT_OF, {"id": s.need_id}))["node"]["incidentId"]
    offer = {"categoryCode": "TENTS", "quantity": 100, "serviceRegionCodes": ["341500"]}
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], offer | WINDOW, s.other.token)
    assert posted["userErrors"] == [], posted
    async with api.db.transaction() as session:
        await session.execute(update(MatchingRound).values(status=RoundStatus.FINISHED))

    # when the Red Cross delivers only 25, the office confirms them, and the Red Cross
    # completes, its other 15 tents gone
    await walk(api, s.charity.token, s.dispatch_id, 25)
    await receipt(api, s, s.dispatch_id, 25)
    completing = {"dispatchId": s.dispatch_id, "capacityGone": True}
    await api.gql(LOOP["CompleteDispatch"], completing, s.charity.token)

    # then the gap is visible at once: 15 tents short
    assert await gaps(api, incident) == [(s.need_id, 15)]

    # when the automatic round it asked for runs
    async with api.db.transaction() as session:
        pending = (
            await session.scalars(
                select(MatchingRound).where(MatchingRound.status == RoundStatus.PENDING)
            )
        ).all()
    assert len(pending) == 1
    assert await execute_round(api.db, pending[0].id) is RoundStatus.FINISHED

    # then it proposes the 15 tents from the other charity
    found = await api.gql(
        MATCHING["MatchingRound"], {"id": to_global_id("MatchingRound", pending[0].id)}
    )
    proposals = [e["node"] for e in found["node"]["allocations"]["edges"]]
    assert [(p["quantity"], p["offer"]["id"]) for p in proposals] == [(15, posted["offer"]["id"])]
    # and a proposal is not yet a delivery: the need is still 15 short
    assert await gaps(api, incident) == [(s.need_id, 15)]

    # when the other charity accepts, delivers the 15 and the office confirms them
    accepted = await api.mutate(
        "acceptAllocation",
        MATCHING["AcceptAllocation"],
        {"allocationId": proposals[0]["id"]},
        s.other.token,
    )
    second = accepted["dispatch"]["id"]
    await walk(api, s.other.token, second, 15)
    await receipt(api, s, second, 15)

    # then the gap is closed and the need FULFILLED with 40 confirmed
    assert await gaps(api, incident) == []
    standing = (await api.gql(LOOP["NeedStanding"], {"id": s.need_id}))["node"]
    assert (standing["status"], standing["quantityDelivered"], standing["shortfall"]) == (
        "FULFILLED",
        40,
        0,
    )
