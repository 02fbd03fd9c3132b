"""Accepting, declining and pledging, called as use cases on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    DispatchStatus,
    NeedStatus,
    OfferStatus,
)
from domain.kernel.errors import DomainError, ErrorCode
from domain.matching.allocations import (
    AcceptAllocation,
    DeclineAllocation,
    PledgeOffer,
    accept_allocation,
    decline_allocation,
    pledge_offer,
)
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from tests.service.scene import charity, drinking_water_need, lu_an_office, posted_offer


def refusals(refused: pytest.ExceptionInfo[DomainError]) -> list[tuple[object, ErrorCode]]:
    return [(e.field, e.code) for e in refused.value.errors]


async def proposal(db: Database, need: Need, offer: Offer, quantity: int) -> Allocation:
    """What a matching round leaves behind: a PROPOSED allocation, held on both sides."""

    async def propose(session: AsyncSession) -> Allocation:
        allocation = Allocation(
            need_id=need.id,
            offer_id=offer.id,
            quantity=quantity,
            status=AllocationStatus.PROPOSED,
            source=AllocationSource.ROUND,
            explanation={},
            expires_at=utcnow() + timedelta(hours=1),
        )
        session.add(allocation)
        await session.execute(
            update(Need).where(Need.id == need.id).values(quantity_proposed=quantity)
        )
        await session.execute(
            update(Offer).where(Offer.id == offer.id).values(quantity_proposed=quantity)
        )
        await session.flush()
        return allocation

    return await db.run(propose)


async def test_a_pledge_commits_both_sides_and_issues_a_dispatch(db: Database) -> None:
    # given a need of 500 litres and a charity's offer of 300
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    offer = await posted_offer(db, giver)
    # when the charity pledges 200 of them to the need
    pledge = PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=200)
    allocation, dispatch = await db.run(lambda s: pledge_offer(s, giver, pledge))
    # then the allocation is accepted at once and a dispatch is issued for it
    assert (allocation.status, allocation.source) == (
        AllocationStatus.ACCEPTED,
        AllocationSource.PLEDGE,
    )
    assert (dispatch.allocation_id, dispatch.status) == (allocation.id, DispatchStatus.ISSUED)
    # and both sides hold the 200 units
    async with db.transaction() as session:
        held_need = await session.get(Need, need.id)
        held_offer = await session.get(Offer, offer.id)
        assert held_need is not None and held_offer is not None
        assert (held_need.quantity_allocated, held_need.status) == (
            200,
            NeedStatus.PARTIALLY_ALLOCATED,
        )
        assert (held_offer.quantity_committed, held_offer.status) == (200, OfferStatus.AVAILABLE)


async def test_a_pledge_beyond_what_the_need_lacks_is_a_quantity_conflict(db: Database) -> None:
    # given a need of 100 litres and an offer of 300
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff, quantity=100)
    giver = await charity(db, staff)
    offer = await posted_offer(db, giver)
    # when the charity pledges 101
    pledge = PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=101)
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: pledge_offer(s, giver, pledge))
    # then the one code for a quantity conflict answers, on the quantity
    assert refusals(refused) == [(("quantity",), ErrorCode.INSUFFICIENT_CAPACITY)]


async def test_a_pledge_gives_only_what_the_need_asks_for(db: Database) -> None:
    # given a need of tents and an offer of drinking water
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff, category="TENTS")
    giver = await charity(db, staff)
    offer = await posted_offer(db, giver)
    # when the charity pledges the water to the tents
    pledge = PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=10)
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: pledge_offer(s, giver, pledge))
    # then the need is named as the mismatch
    assert refusals(refused) == [(("need_id",), ErrorCode.CATEGORY_MISMATCH)]


async def test_accepting_a_proposal_turns_it_into_a_dispatch_once(db: Database) -> None:
    # given a round proposed 150 litres of a charity's offer for a need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    offer = await posted_offer(db, giver)
    proposed = await proposal(db, need, offer, 150)
    # when the charity accepts it
    accepted, dispatch = await db.run(
        lambda s: accept_allocation(s, giver, AcceptAllocation(proposed.id))
    )
    # then it is ACCEPTED with a dispatch
    assert accepted.status is AllocationStatus.ACCEPTED
    assert dispatch.allocation_id == proposed.id
    # and deciding again, either way, is a refused transition
    with pytest.raises(DomainError) as again:
        await db.run(lambda s: accept_allocation(s, giver, AcceptAllocation(proposed.id)))
    with pytest.raises(DomainError) as declined:
        await db.run(
            lambda s: decline_allocation(s, giver, DeclineAllocation(proposed.id, "no truck"))
        )
    assert refusals(again) == [(("allocation_id",), ErrorCode.INVALID_TRANSITION)]
    assert refusals(declined) == [(("allocation_id",), ErrorCode.INVALID_TRANSITION)]


async def test_declining_a_proposal_hands_the_units_back(db: Database) -> None:
    # given a round proposed 150 litres of a charity's offer for a need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    offer = await posted_offer(db, giver)
    proposed = await proposal(db, need, offer, 150)
    # when the charity declines it, saying why
    declined = await db.run(
        lambda s: decline_allocation(s, giver, DeclineAllocation(proposed.id, "truck broke down"))
    )
    # then it is DECLINED with the reason, and neither side holds the units any more
    assert (declined.status, declined.decline_reason) == (
        AllocationStatus.DECLINED,
        "truck broke down",
    )
    async with db.transaction() as session:
        held_need = await session.get(Need, need.id)
        held_offer = await session.get(Offer, offer.id)
        assert held_need is not None and held_offer is not None
        assert (held_need.quantity_proposed, held_offer.quantity_proposed) == (0, 0)


async def test_only_the_offering_provider_decides_a_proposal(db: Database) -> None:
    # given a proposal on the first charity's offer
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    first = await charity(db, staff, seed=1)
    second = await charity(db, staff, seed=2)
    proposed = await proposal(db, need, await posted_offer(db, first), 150)
    # when another verified charity accepts it, then it is forbidden
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: accept_allocation(s, second, AcceptAllocation(proposed.id)))
    assert refusals(refused) == [(("allocation_id",), ErrorCode.FORBIDDEN)]
