"""A short delivery, told end to end: the gap shows at once, the incident's automatic round
says why nobody can fill it, a provider posts tents, the next automatic round asks it, it
fills the gap, and once the receipt is confirmed the gap is 0."""

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
    return [(g["id"], g["shortfall"]) for g in await gap_nodes(api, incident)]


async def gap_nodes(api: ApiClient, incident: str) -> list[dict[str, Any]]:
    found = await api.gql(LOOP["IncidentGaps"], {"id": incident, "first": 50})
    return [e["node"] for e in found["node"]["coverage"]["gaps"]["edges"]]


async def run_the_pending_round(api: ApiClient) -> str:
    """The automatic round the last change asked for, run as the worker would."""
    async with api.db.transaction() as session:
        pending = (
            await session.scalars(
                select(MatchingRound).where(MatchingRound.status == RoundStatus.PENDING)
            )
        ).all()
    assert len(pending) == 1
    assert await execute_round(api.db, pending[0].id) is RoundStatus.FINISHED
    return to_global_id("MatchingRound", pending[0].id)


async def test_a_short_delivery_is_refilled_by_the_automatic_round_and_the_gap_closes(
    api: ApiClient,
) -> None:
    # given 40 tents needed, all dispatched from the Red Cross, which then withdrew the
    # rest of its offer; the rounds asked for so far have run
    s = await dispatch_scene(api)
    withdrawn = await api.mutate(
        "withdrawOffer", MATCHING["WithdrawOffer"], {"offerId": s.offer_id}, s.charity.token
    )
    assert withdrawn["userErrors"] == [], withdrawn
    incident = (await api.gql(INCIDENT_OF, {"id": s.need_id}))["node"]["incidentId"]
    async with api.db.transaction() as session:
        await session.execute(update(MatchingRound).values(status=RoundStatus.FINISHED))

    # when the Red Cross delivers only 25, the office confirms them, and the Red Cross
    # completes, its other 15 tents gone
    await walk(api, s.charity.token, s.dispatch_id, 25)
    await receipt(api, s, s.dispatch_id, 25)
    completing = {"dispatchId": s.dispatch_id, "capacityGone": True}
    await api.gql(LOOP["CompleteDispatch"], completing, s.charity.token)

    # then the gap is visible at once: 15 tents short, waiting for the round it asked for
    (gap,) = await gap_nodes(api, incident)
    assert (gap["id"], gap["shortfall"]) == (s.need_id, 15)
    assert [r["code"] for r in gap["shortfallReasons"]] == ["AWAITING_MATCHING"]

    # when the automatic round it asked for runs, with no tents offered anywhere
    await run_the_pending_round(api)

    # then the gap carries its reason: no offer of tents, so the office knows to ask
    (gap,) = await gap_nodes(api, incident)
    assert gap["shortfall"] == 15
    assert [r["code"] for r in gap["shortfallReasons"]] == ["NO_OFFER_IN_CATEGORY"]

    # when another charity posts 100 tents and the automatic round that asks for runs
    offer = {"categoryCode": "TENTS", "quantity": 100, "serviceRegionCodes": ["341500"]}
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], offer | WINDOW, s.other.token)
    assert posted["userErrors"] == [], posted
    round_id = await run_the_pending_round(api)

    # then it proposes the 15 tents from the other charity
    found = await api.gql(MATCHING["MatchingRound"], {"id": round_id})
    proposals = [e["node"] for e in found["node"]["allocations"]["edges"]]
    assert [(p["quantity"], p["offer"]["id"]) for p in proposals] == [(15, posted["offer"]["id"])]
    # and a proposal is not yet a delivery: the need is still 15 short, waiting on it
    (gap,) = await gap_nodes(api, incident)
    assert gap["shortfall"] == 15
    assert [r["code"] for r in gap["shortfallReasons"]] == ["AWAITING_PROVIDER"]

    # when the other charity accepts, delivers the 15 and the office confirms them
    accepted = await api.mutate(
        "acceptAllocation",
        MATCHING["AcceptAllocation"],
        {"allocationId": proposals[0]["id"]},
        s.other.token,
    )
    second = accepted["dispatch"]["id"]
    await walk(api, s.other.token, second, 15)

    # then, delivered but not confirmed, the 15 still count as short, awaiting receipt
    (gap,) = await gap_nodes(api, incident)
    assert gap["shortfall"] == 15
    assert [r["code"] for r in gap["shortfallReasons"]] == ["AWAITING_RECEIPT"]

    # when the office confirms them
    await receipt(api, s, second, 15)

    # then the gap is closed, the need FULFILLED with 40 confirmed, and no reason is left
    assert await gaps(api, incident) == []
    standing = (await api.gql(LOOP["NeedStanding"], {"id": s.need_id}))["node"]
    assert (standing["status"], standing["quantityDelivered"], standing["shortfall"]) == (
        "FULFILLED",
        40,
        0,
    )
    assert standing["shortfallReasons"] == []
