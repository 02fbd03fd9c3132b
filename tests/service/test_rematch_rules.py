"""Re-matching by itself: what frees capacity requests a round; a declined pair stays out
of rounds until its provider asks again; each round says why a need is still short."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.dispatch.status import UpdateDispatchStatus, update_dispatch_status
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import AllocationStatus, DispatchStatus, ReviewDecision, RoundTrigger
from domain.kernel.errors import DomainError, ErrorCode
from domain.matching.allocations import (
    AcceptAllocation,
    DeclineAllocation,
    accept_allocation,
    decline_allocation,
)
from domain.matching.proposals import expire_proposals
from domain.matching.records import Allocation
from domain.matching.withheld import ReconsiderAllocation, reconsider_allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.offers.reviews import review_provider
from domain.offers.services import WithdrawOffer, withdraw_offer
from domain.registry.organizations import ReviewOrganization
from tests.service.rounds import matched, reloaded, run_waiting, waiting_rounds
from tests.service.scene import charity, drinking_water_need, lu_an_office, posted_offer

AUTOMATIC = [RoundTrigger.AUTOMATIC]


def refusals(refused: pytest.ExceptionInfo[DomainError]) -> list[tuple[object, ErrorCode]]:
    return [(e.field, e.code) for e in refused.value.errors]


async def test_a_decline_without_a_reason_is_refused_and_changes_nothing(db: Database) -> None:
    # given a round proposed a charity's water for a need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    await posted_offer(db, giver)
    [proposal] = await matched(db, staff, need)
    # when the charity declines without saying why, then the reason is required
    for reason in (None, "   "):
        with pytest.raises(DomainError) as refused:
            await db.run(
                lambda s, r=reason: decline_allocation(s, giver, DeclineAllocation(proposal.id, r))
            )
        assert refusals(refused) == [(("reason",), ErrorCode.REQUIRED)]
    # and the proposal still holds its units
    held = await reloaded(db, Allocation, proposal.id)
    assert isinstance(held, Allocation) and held.status is AllocationStatus.PROPOSED


async def test_a_declined_pair_is_not_proposed_again_until_the_provider_asks(
    db: Database,
) -> None:
    # given a round proposed a charity's water for a need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    await posted_offer(db, giver)
    [proposal] = await matched(db, staff, need)
    # when the charity declines it, saying why
    declined = await db.run(
        lambda s: decline_allocation(s, giver, DeclineAllocation(proposal.id, "truck broke down"))
    )
    # then the incident's automatic round is waiting, and it proposes nothing
    assert await waiting_rounds(db, need.incident_id) == AUTOMATIC
    assert await run_waiting(db, need.incident_id) == []
    # and the need says the provider declined
    short = await reloaded(db, Need, need.id)
    assert isinstance(short, Need)
    assert [r["code"] for r in short.shortfall_reasons] == ["PROVIDER_DECLINED"]

    # when the charity takes its decline back
    reconsidered = await db.run(
        lambda s: reconsider_allocation(s, giver, ReconsiderAllocation(declined.id))
    )
    # then the pair is open again: a round follows and proposes the water anew
    assert reconsidered.reconsidered_at is not None
    assert reconsidered.status is AllocationStatus.DECLINED
    assert await waiting_rounds(db, need.incident_id) == AUTOMATIC
    [again] = await run_waiting(db, need.incident_id)
    assert (again.offer_id, again.quantity) == (proposal.offer_id, proposal.quantity)
    # and a decline is taken back once only
    with pytest.raises(DomainError) as twice:
        await db.run(lambda s: reconsider_allocation(s, giver, ReconsiderAllocation(declined.id)))
    assert refusals(twice) == [(("allocation_id",), ErrorCode.INVALID_TRANSITION)]


async def test_a_lapsed_proposal_requests_a_round_that_proposes_again(db: Database) -> None:
    # given a round's proposal nobody answered
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    await posted_offer(db, giver)
    [proposal] = await matched(db, staff, need)
    # when the expiry job runs after it lapsed
    lapsed = await db.run(lambda s: expire_proposals(s, utcnow() + timedelta(days=1)))
    # then its units are back, a round waits, and it proposes the same capacity again
    assert lapsed == 1
    assert await waiting_rounds(db, need.incident_id) == AUTOMATIC
    [again] = await run_waiting(db, need.incident_id)
    assert (again.offer_id, again.quantity) == (proposal.offer_id, proposal.quantity)


async def test_a_cancelled_dispatch_requests_a_round(db: Database) -> None:
    # given an accepted proposal and its dispatch
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    await posted_offer(db, giver)
    [proposal] = await matched(db, staff, need)
    _, dispatch = await db.run(lambda s: accept_allocation(s, giver, AcceptAllocation(proposal.id)))
    assert await waiting_rounds(db, need.incident_id) == []
    # when the office cancels the dispatch
    cancel = UpdateDispatchStatus(dispatch_id=dispatch.id, status=DispatchStatus.CANCELLED)
    await db.run(lambda s: update_dispatch_status(s, staff, cancel))
    # then the units are free again and a round will place them
    assert await waiting_rounds(db, need.incident_id) == AUTOMATIC
    [again] = await run_waiting(db, need.incident_id)
    assert again.quantity == proposal.quantity


async def test_withdrawing_an_offer_requests_a_round_for_what_it_was_proposed_to(
    db: Database,
) -> None:
    # given a need of 500: a round proposed the first charity's 300 litres, the next one
    # 200 of the 500 a second charity offered later
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    first, second = await charity(db, staff, seed=1), await charity(db, staff, seed=2)
    offer = await posted_offer(db, first)
    await matched(db, staff, need)
    later = await posted_offer(db, second, quantity=500)
    assert [p.quantity for p in await run_waiting(db, need.incident_id)] == [200]
    # when the first charity withdraws its offer
    await db.run(lambda s: withdraw_offer(s, first, WithdrawOffer(offer.id)))
    # then a round waits, and proposes the second charity's other 300 instead
    assert await waiting_rounds(db, need.incident_id) == AUTOMATIC
    proposals = await run_waiting(db, need.incident_id)
    assert [(p.offer_id, p.quantity) for p in proposals] == [(later.id, 300)]


async def test_suspending_a_provider_releases_its_proposals_and_keeps_it_out_of_rounds(
    db: Database,
) -> None:
    # given a round proposed a charity's water for a need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    offer = await posted_offer(db, giver)
    [proposal] = await matched(db, staff, need)
    # when the office suspends the charity
    assert giver.organization_id is not None
    suspend = ReviewOrganization(
        organization_id=giver.organization_id, decision=ReviewDecision.SUSPEND, reason="核查中"
    )
    await db.run(lambda s: review_provider(s, staff, suspend))
    # then the proposal lapsed, its units are back on both sides
    lapsed = await reloaded(db, Allocation, proposal.id)
    held = await reloaded(db, Offer, offer.id)
    assert isinstance(lapsed, Allocation) and isinstance(held, Offer)
    assert (lapsed.status, held.quantity_proposed) == (AllocationStatus.EXPIRED, 0)
    # and the round that follows proposes nothing of a suspended provider's
    assert await waiting_rounds(db, need.incident_id) == AUTOMATIC
    assert await run_waiting(db, need.incident_id) == []
    short = await reloaded(db, Need, need.id)
    assert isinstance(short, Need)
    assert [r["code"] for r in short.shortfall_reasons] == ["NO_OFFER_IN_CATEGORY"]
    # when the office reinstates it, then its offer is proposed again
    reinstate = ReviewOrganization(
        organization_id=giver.organization_id, decision=ReviewDecision.REINSTATE
    )
    await db.run(lambda s: review_provider(s, staff, reinstate))
    [again] = await run_waiting(db, need.incident_id)
    assert again.offer_id == offer.id


async def test_a_round_says_why_each_need_is_still_short(db: Database) -> None:
    # given a need of 500 litres and a charity offering 300
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    await posted_offer(db, await charity(db, staff), quantity=300)
    # when a round runs
    await matched(db, staff, need)
    # then the need, 200 short, says there is not enough capacity, with when it was judged
    short = await reloaded(db, Need, need.id)
    assert isinstance(short, Need)
    assert [(r["code"], r["offers"]) for r in short.shortfall_reasons] == [
        ("NOT_ENOUGH_CAPACITY", 1)
    ]
    assert short.shortfall_reasons_at is not None
