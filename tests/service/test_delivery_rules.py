"""Deliveries and completion, called as use cases on a real database: only confirmed
units count, a short completion hands the rest back, and no unit is lost."""

from __future__ import annotations

from sqlalchemy import select, update

from domain.dispatch.model import Dispatch
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    AllocationStatus,
    DispatchStatus,
    NeedStatus,
    OfferStatus,
    RoundStatus,
    RoundTrigger,
)
from domain.matching.records import Allocation, MatchingRound
from tests.service.dispatching import Scene, complete, counters, deliver, en_route, receive, rows


async def test_deliveries_await_receipt_and_only_confirmed_units_count(db: Database) -> None:
    # given 100 litres dispatched for a need of 100
    s = await en_route(db)
    # when the charity records two deliveries, 30 then 50
    await deliver(db, s, 30, note="first truck")
    dispatch = await deliver(db, s, 50)
    # then the dispatch is DELIVERED with 80 delivered, and the need counts none of it
    assert (dispatch.status, dispatch.delivered_quantity) == (DispatchStatus.DELIVERED, 80)
    need, _, _ = await counters(db, s)
    assert (need.quantity_delivered, need.quantity_awaiting_receipt) == (0, 80)
    assert (need.quantity_in_flight, need.shortfall) == (20, 80)
    # when the office confirms 80 arrived
    await receive(db, s, 80)
    # then the need counts 80 delivered, 20 in flight, nothing short
    need, _, dispatch = await counters(db, s)
    assert (need.quantity_delivered, need.quantity_awaiting_receipt, need.shortfall) == (80, 0, 0)
    assert dispatch.received_quantity == 80
    assert need.status is NeedStatus.ALLOCATED
    assert await rows(db) == (2, 1)


async def test_a_short_completion_hands_the_rest_back_and_asks_for_a_round(db: Database) -> None:
    # given 100 litres dispatched, 40 delivered and confirmed
    s = await en_route(db)
    await deliver(db, s, 40)
    await receive(db, s, 40)
    # when the rounds asked for so far have run, and the charity completes the dispatch
    async with db.transaction() as session:
        await session.execute(update(MatchingRound).values(status=RoundStatus.FINISHED))
    dispatch = await complete(db, s)
    # then the other 60 go back to the need and the offer
    need, offer, dispatch = await counters(db, s)
    assert (dispatch.returned_quantity, dispatch.returned_to_offer) == (60, True)
    assert (need.quantity_allocated, need.shortfall, need.status) == (
        40,
        60,
        NeedStatus.PARTIALLY_ALLOCATED,
    )
    assert (offer.quantity_committed, offer.status) == (40, OfferStatus.AVAILABLE)
    # and a new automatic round waits for the incident
    async with db.transaction() as session:
        pending = await session.scalars(
            select(MatchingRound).where(
                MatchingRound.incident_id == need.incident_id,
                MatchingRound.status == RoundStatus.PENDING,
            )
        )
        assert [r.trigger for r in pending.all()] == [RoundTrigger.AUTOMATIC]


async def test_capacity_gone_stays_committed_on_the_offer(db: Database) -> None:
    # given 100 litres dispatched, 40 delivered
    s = await en_route(db)
    await deliver(db, s, 40)
    # when the charity completes, saying the other 60 are gone
    await complete(db, s, capacity_gone=True)
    # then the need gets the 60 back, the offer does not
    need, offer, dispatch = await counters(db, s)
    assert (dispatch.returned_quantity, dispatch.returned_to_offer) == (60, False)
    assert need.quantity_allocated == 40 and offer.quantity_committed == 100
    # and the 40 delivered but unconfirmed are still short, with the 60
    assert need.shortfall == 100


async def sums_of_rows(db: Database, s: Scene) -> tuple[tuple[int, int, int], int]:
    """((allocated, delivered, awaiting receipt) of the need, committed of the offer), summed
    from the allocations and dispatches as the counters should hold them."""
    async with db.transaction() as session:
        pairs = (
            await session.execute(
                select(Allocation, Dispatch)
                .join(Dispatch, Dispatch.allocation_id == Allocation.id)
                .where(Allocation.status == AllocationStatus.ACCEPTED)
            )
        ).all()
    allocated = sum(a.quantity - d.returned_quantity - d.missing_quantity for a, d in pairs)
    delivered = sum(d.received_quantity for _, d in pairs)
    awaiting = sum(d.awaiting_receipt for _, d in pairs)
    committed = sum(
        a.quantity - (d.returned_quantity if d.returned_to_offer else 0) for a, d in pairs
    )
    return (allocated, delivered, awaiting), committed


async def test_after_deliveries_receipts_and_a_short_completion_counters_equal_their_rows(
    db: Database,
) -> None:
    # given 80 of a need of 100 dispatched
    s = await en_route(db, pledge=80)
    # when 30 and 20 are delivered, 45 confirmed (5 missing), 10 more delivered, and
    # the charity completes short
    await deliver(db, s, 30)
    await deliver(db, s, 20)
    await receive(db, s, 45, note="5 lost")
    await deliver(db, s, 10)
    await complete(db, s)
    # then no unit is lost or counted twice: each counter is the sum of its rows
    need, offer, _ = await counters(db, s)
    expected, committed = await sums_of_rows(db, s)
    assert (
        (
            need.quantity_allocated,
            need.quantity_delivered,
            need.quantity_awaiting_receipt,
        )
        == expected
        == (55, 45, 10)
    )
    assert offer.quantity_committed == committed == 60
    # and the need is short of all but the 45 confirmed
    assert need.shortfall == 55
