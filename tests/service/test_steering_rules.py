"""One rule for compatibility, and the office's hand on the wheel: pledges and office
assignments judged by the engine's checks; an office vetoes or assigns proposals."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from domain.kernel.audit import AuditEntry
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    DispatchStatus,
    ReviewDecision,
    Role,
    RoundTrigger,
    Skill,
)
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import ALLOCATION_ASSIGNED, ALLOCATION_VETOED, OutboxEvent
from domain.matching.allocations import (
    AcceptAllocation,
    PledgeOffer,
    accept_allocation,
    pledge_offer,
)
from domain.matching.assign import AssignOffer, assign_offer
from domain.matching.withheld import VetoAllocation, veto_allocation
from domain.needs.model import Need
from domain.needs.services import NeedFields, UpdateNeed, update_need
from domain.offers.model import Offer
from domain.offers.reviews import review_provider
from domain.offers.services import OfferFields, PostOffer, post_offer
from domain.registry.offices import CreateOffice, create_office
from domain.registry.organizations import ReviewOrganization
from tests.service.rounds import matched, reloaded, run_waiting, waiting_rounds
from tests.service.scene import ADMIN, charity, drinking_water_need, lu_an_office, window


def refusals(refused: pytest.ExceptionInfo[DomainError]) -> list[tuple[object, ErrorCode]]:
    return [(e.field, e.code) for e in refused.value.errors]


async def hefei_office(db: Database) -> Principal:
    office = await db.run(lambda s: create_office(s, ADMIN, CreateOffice("合肥市民政局", "340100")))
    return Principal(
        account_id=uuid.uuid4(),
        role=Role.OFFICE_STAFF,
        office_id=office.id,
        office_region_code="340100",
    )


async def offer_of(db: Database, provider: Principal, **fields: object) -> Offer:
    """Drinking water from `provider`, as scene.window() unless `fields` say otherwise."""
    base = window(300)
    changed = OfferFields(**{**base.__dict__, **fields})  # type: ignore[arg-type]
    return await db.run(lambda s: post_offer(s, provider, PostOffer("DRINKING_WATER", changed)))


async def test_a_pledge_a_round_could_never_propose_is_refused_with_every_reason(
    db: Database,
) -> None:
    # given a need requiring drivers, in Yu'an
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    skills = UpdateNeed(need.id, NeedFields(required_skills=[Skill.DRIVING]))
    await db.run(lambda s: update_need(s, staff, skills))
    # and a charity's offer serving only Hefei, without drivers
    giver = await charity(db, staff)
    offer = await offer_of(db, giver, service_region_codes=["340100"])
    # when the charity pledges it to the need
    pledge = PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=10)
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: pledge_offer(s, giver, pledge))
    # then each failed check is its own refusal on the need
    assert refusals(refused) == [
        (("need_id",), ErrorCode.OUTSIDE_SERVICE_AREA),
        (("need_id",), ErrorCode.SKILLS_MISSING),
    ]


async def test_an_office_vetoes_a_proposal_which_is_then_never_proposed_again(
    db: Database,
) -> None:
    # given a round proposed a charity's water for a need of Lu'an
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    offer = await offer_of(db, giver)
    [proposal] = await matched(db, staff, need)
    # when the Lu'an office vetoes it, saying why
    veto = VetoAllocation(allocation_id=proposal.id, reason="该机构车辆无法进入灾区")
    vetoed = await db.run(lambda s: veto_allocation(s, staff, veto))
    # then it is VETOED with the reason, and neither side holds the units
    assert (vetoed.status, vetoed.veto_reason) == (AllocationStatus.VETOED, veto.reason)
    held_need, held_offer = await reloaded(db, Need, need.id), await reloaded(db, Offer, offer.id)
    assert isinstance(held_need, Need) and isinstance(held_offer, Offer)
    assert (held_need.quantity_proposed, held_offer.quantity_proposed) == (0, 0)
    # and the provider is told, the veto audited, and a round requested
    async with db.transaction() as session:
        events = (await session.scalars(select(OutboxEvent.topic))).all()
        audited = (await session.scalars(select(AuditEntry.action))).all()
    assert ALLOCATION_VETOED in events and "allocation.vetoed" in audited
    assert await waiting_rounds(db, need.incident_id) == [RoundTrigger.AUTOMATIC]
    # and that round proposes nothing: the need says the office vetoed its only offer
    assert await run_waiting(db, need.incident_id) == []
    short = await reloaded(db, Need, need.id)
    assert isinstance(short, Need)
    assert [r["code"] for r in short.shortfall_reasons] == ["OFFICE_VETOED"]
    # and a veto is given once
    with pytest.raises(DomainError) as again:
        await db.run(lambda s: veto_allocation(s, staff, veto))
    assert refusals(again) == [(("allocation_id",), ErrorCode.INVALID_TRANSITION)]


async def test_only_the_office_responsible_for_the_need_vetoes_and_says_why(
    db: Database,
) -> None:
    # given a round's proposal for a need of Lu'an
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    await offer_of(db, giver)
    [proposal] = await matched(db, staff, need)
    # when Hefei's office vetoes it, then it is outside its jurisdiction
    outsider = await hefei_office(db)
    for who, reason, expected in (
        (outsider, "x", [(("allocation_id",), ErrorCode.OUT_OF_JURISDICTION)]),
        # and the provider may not veto at all
        (giver, "x", [((), ErrorCode.FORBIDDEN)]),
        # and Lu'an must say why
        (staff, "", [(("reason",), ErrorCode.REQUIRED)]),
    ):
        veto = VetoAllocation(allocation_id=proposal.id, reason=reason)
        with pytest.raises(DomainError) as refused:
            await db.run(lambda s, w=who, v=veto: veto_allocation(s, w, v))
        assert refusals(refused) == expected


async def test_an_office_assigns_an_offer_which_the_provider_then_accepts(db: Database) -> None:
    # given a need of 500 litres and a charity's offer of 300
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff)
    offer = await offer_of(db, giver)
    # when the office assigns 120 of them to the need
    assign = AssignOffer(offer_id=offer.id, need_id=need.id, quantity=120)
    assigned = await db.run(lambda s: assign_offer(s, staff, assign))
    # then a PROPOSED allocation of source OFFICE holds them on both sides, explained
    assert (assigned.status, assigned.source, assigned.quantity) == (
        AllocationStatus.PROPOSED,
        AllocationSource.OFFICE,
        120,
    )
    assert assigned.explanation["kind"] == "OFFICE"
    assert assigned.explanation["summary"].startswith("Assigned by the office.")
    assert assigned.expires_at is not None
    held_need, held_offer = await reloaded(db, Need, need.id), await reloaded(db, Offer, offer.id)
    assert isinstance(held_need, Need) and isinstance(held_offer, Offer)
    assert (held_need.quantity_proposed, held_offer.quantity_proposed) == (120, 120)
    async with db.transaction() as session:
        assert ALLOCATION_ASSIGNED in (await session.scalars(select(OutboxEvent.topic))).all()
    # when the charity accepts it, then a dispatch is issued as for a round's proposal
    _, dispatch = await db.run(lambda s: accept_allocation(s, giver, AcceptAllocation(assigned.id)))
    assert dispatch.status is DispatchStatus.ISSUED


async def test_an_assignment_is_refused_when_no_round_could_propose_it(db: Database) -> None:
    # given a need of 500 litres of Lu'an and three offers it cannot take as they are
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    giver = await charity(db, staff, seed=1)
    hefei_only = await offer_of(db, giver, service_region_codes=["340100"])
    small = await offer_of(db, giver, quantity=50)
    suspended = await charity(db, staff, seed=2)
    theirs = await offer_of(db, suspended)
    assert suspended.organization_id is not None
    suspend = ReviewOrganization(
        organization_id=suspended.organization_id, decision=ReviewDecision.SUSPEND, reason="核查"
    )
    await db.run(lambda s: review_provider(s, staff, suspend))
    # when the office assigns each, then each is refused naming why, and nothing is held
    for offer, quantity, expected in (
        (hefei_only, 10, [(("offer_id",), ErrorCode.OUTSIDE_SERVICE_AREA)]),
        (small, 60, [(("quantity",), ErrorCode.INSUFFICIENT_CAPACITY)]),
        (theirs, 10, [(("offer_id",), ErrorCode.PROVIDER_NOT_VERIFIED)]),
    ):
        assign = AssignOffer(offer_id=offer.id, need_id=need.id, quantity=quantity)
        with pytest.raises(DomainError) as refused:
            await db.run(lambda s, a=assign: assign_offer(s, staff, a))
        assert refusals(refused) == expected
    held = await reloaded(db, Need, need.id)
    assert isinstance(held, Need) and held.quantity_proposed == 0
    # and Hefei's office may not assign to a need of Lu'an
    assign = AssignOffer(offer_id=small.id, need_id=need.id, quantity=10)
    outsider = await hefei_office(db)
    with pytest.raises(DomainError) as outside:
        await db.run(lambda s: assign_offer(s, outsider, assign))
    assert refusals(outside) == [(("need_id",), ErrorCode.OUT_OF_JURISDICTION)]
