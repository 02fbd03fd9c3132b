"""Whatever a provider and an office do to a need's proposals and dispatches, in any order,
no unit is lost or counted twice: after every step each counter of the need and the offer
is the sum of its rows, and the need's shortfall is the same in Python and in SQL."""

from __future__ import annotations

import contextlib
import itertools
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from domain.dispatch.deliveries import RecordDelivery, record_delivery
from domain.dispatch.model import Dispatch
from domain.dispatch.receipts import ConfirmReceipt, confirm_receipt
from domain.dispatch.status import UpdateDispatchStatus, update_dispatch_status
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import AllocationStatus, DispatchStatus
from domain.kernel.errors import DomainError
from domain.matching.allocations import (
    AcceptAllocation,
    DeclineAllocation,
    PledgeOffer,
    accept_allocation,
    decline_allocation,
    pledge_offer,
)
from domain.matching.assign import AssignOffer, assign_offer
from domain.matching.proposals import expire_proposals
from domain.matching.records import Allocation
from domain.matching.withheld import VetoAllocation, veto_allocation
from domain.needs.model import Need
from domain.offers.expiry import expire_offers
from domain.offers.model import Offer
from domain.offers.services import WithdrawOffer, withdraw_offer
from tests.service.scene import charity, drinking_water_need, lu_an_office, posted_offer

SEEDS = itertools.count(500)
S = DispatchStatus
# One step: what is done, to which of the proposals or dispatches so far, with which
# quantity. Moving on is listed twice (a dispatch takes two moves before its first
# delivery); the offer's end (withdrawn, or expired with its window) once, as it ends
# every later pledge and proposal.
KINDS = ["pledge", "move", "move", "deliver", "receive", "complete", "gone", "cancel"]
KINDS += ["propose", "propose", "accept", "decline", "veto", "lapse", "withdraw", "expire"]
STEPS = st.tuples(
    st.sampled_from(KINDS),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=1, max_value=30),
)
LATER = timedelta(days=400)  # past every proposal's lifetime and the offer's window
NEXT = {S.ISSUED: S.ACKNOWLEDGED, S.ACKNOWLEDGED: S.EN_ROUTE}


async def _step(db: Database, scene: dict[str, Any], step: tuple[str, int, int]) -> None:
    kind, which, quantity = step
    staff, giver, need, offer = scene["staff"], scene["giver"], scene["need"], scene["offer"]
    dispatches: list[Dispatch] = scene["dispatches"]
    proposals: list[Allocation] = scene["proposals"]
    if kind == "pledge":
        command = PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=quantity)
        _, dispatch = await db.run(lambda s: pledge_offer(s, giver, command))
        dispatches.append(dispatch)
        return
    if kind in PROPOSAL_STEPS:
        await _proposal_step(
            db, scene, kind, proposals[which % len(proposals)] if proposals else None, quantity
        )
        return
    if not dispatches:
        return
    ident = dispatches[which % len(dispatches)].id
    async with db.transaction() as session:
        current = await session.get(Dispatch, ident)
        assert current is not None
        status = current.status
    if kind == "move":
        move = UpdateDispatchStatus(dispatch_id=ident, status=NEXT.get(status, S.ACKNOWLEDGED))
        await db.run(lambda s: update_dispatch_status(s, giver, move))
    elif kind == "deliver":
        # the provider sets out first when it has not yet: deliveries are the point here
        while status in NEXT:
            move = UpdateDispatchStatus(dispatch_id=ident, status=NEXT[status])
            await db.run(lambda s, move=move: update_dispatch_status(s, giver, move))
            status = NEXT[status]
        delivery = RecordDelivery(dispatch_id=ident, quantity=quantity)
        await db.run(lambda s: record_delivery(s, giver, delivery))
    elif kind == "receive":
        # the drawn number is how many did not arrive (a receipt above delivered is
        # refused on its own, in the receipt rules)
        received = max(current.awaiting_receipt - quantity % 4, 0)
        receipt = ConfirmReceipt(dispatch_id=ident, quantity_received=received, note="counted")
        await db.run(lambda s: confirm_receipt(s, staff, receipt))
    elif kind in ("complete", "gone"):
        done = UpdateDispatchStatus(
            dispatch_id=ident, status=S.COMPLETED, capacity_gone=kind == "gone"
        )
        await db.run(lambda s: update_dispatch_status(s, giver, done))
    else:
        cancel = UpdateDispatchStatus(dispatch_id=ident, status=S.CANCELLED)
        await db.run(lambda s: update_dispatch_status(s, staff, cancel))


PROPOSAL_STEPS = {"propose", "accept", "decline", "veto", "lapse", "withdraw", "expire"}


async def _proposal_step(
    db: Database, scene: dict[str, Any], kind: str, proposal: Allocation | None, quantity: int
) -> None:
    """The office proposes the offer for the need; the provider accepts or declines; the
    office vetoes; proposals lapse; the provider withdraws the offer, or its window ends."""
    staff, giver, need, offer = scene["staff"], scene["giver"], scene["need"], scene["offer"]
    if kind == "propose":
        command = AssignOffer(offer_id=offer.id, need_id=need.id, quantity=quantity)
        scene["proposals"].append(await db.run(lambda s: assign_offer(s, staff, command)))
    elif kind == "withdraw":
        await db.run(lambda s: withdraw_offer(s, giver, WithdrawOffer(offer.id)))
    elif kind == "expire":
        await db.run(lambda s: expire_offers(s, now=utcnow() + LATER))
    elif kind == "lapse":
        await db.run(lambda s: expire_proposals(s, now=utcnow() + LATER))
    elif proposal is None:
        return
    elif kind == "accept":
        accept = AcceptAllocation(proposal.id)
        _, dispatch = await db.run(lambda s: accept_allocation(s, giver, accept))
        scene["dispatches"].append(dispatch)
    elif kind == "decline":
        decline = DeclineAllocation(proposal.id, reason="our truck broke down")
        await db.run(lambda s: decline_allocation(s, giver, decline))
    else:
        veto = VetoAllocation(allocation_id=proposal.id, reason="the road is closed")
        await db.run(lambda s: veto_allocation(s, staff, veto))


async def _check(db: Database, need_id: object, offer_id: object) -> None:
    async with db.transaction() as session:
        need = await session.get(Need, need_id)
        offer = await session.get(Offer, offer_id)
        assert need is not None and offer is not None
        pairs = (
            await session.execute(
                select(Allocation, Dispatch)
                .join(Dispatch, Dispatch.allocation_id == Allocation.id)
                .where(
                    Allocation.need_id == need_id, Allocation.status == AllocationStatus.ACCEPTED
                )
            )
        ).all()
        by_sql = await session.scalar(select(Need.shortfall).where(Need.id == need_id))
        proposed = (
            await session.scalars(
                select(Allocation.quantity).where(
                    Allocation.need_id == need_id, Allocation.status == AllocationStatus.PROPOSED
                )
            )
        ).all()
    held = sum(a.quantity - d.returned_quantity - d.missing_quantity for a, d in pairs)
    given_back = sum(d.returned_quantity for _, d in pairs if d.returned_to_offer)
    assert need.quantity_allocated == held
    assert need.quantity_delivered == sum(d.received_quantity for _, d in pairs)
    assert need.quantity_awaiting_receipt == sum(d.awaiting_receipt for _, d in pairs)
    assert offer.quantity_committed == sum(a.quantity for a, _ in pairs) - given_back
    assert need.quantity_proposed == offer.quantity_proposed == sum(proposed)
    in_flight = held - need.quantity_delivered - need.quantity_awaiting_receipt
    assert by_sql == need.shortfall == need.quantity - need.quantity_delivered - in_flight
    assert 0 <= need.shortfall <= need.quantity


@settings(
    max_examples=25,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=20))
async def test_counters_always_equal_the_sums_of_their_rows(
    db: Database, steps: list[tuple[str, int, int]]
) -> None:
    # given a need of 100 litres, a charity's offer of 300 and a dispatch of 40 of them
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff, quantity=100)
    giver = await charity(db, staff, seed=next(SEEDS))
    offer = await posted_offer(db, giver, quantity=300)
    scene = {
        "staff": staff,
        "giver": giver,
        "need": need,
        "offer": offer,
        "dispatches": [],
        "proposals": [],
    }
    await _step(db, scene, ("pledge", 0, 40))
    # when any sequence of pledges, proposals accepted, declined, vetoed or lapsed, moves,
    # deliveries, receipts, completions, cancellations, the offer withdrawn or expired is
    # tried (a refused one writes nothing)
    for step in steps:
        with contextlib.suppress(DomainError):
            await _step(db, scene, step)
        # then after each step the counters are the sums of their rows
        await _check(db, need.id, offer.id)
