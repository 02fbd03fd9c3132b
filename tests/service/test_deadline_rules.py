"""Deadlines, called as use cases and periodic jobs on a real database: overdue needs and
what the office does with them, offers past their window, dispatches past their deadline."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from domain.dispatch.model import Dispatch
from domain.dispatch.status import UpdateDispatchStatus, update_dispatch_status
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import AllocationStatus, DispatchStatus, NeedStatus, OfferStatus, Role
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import (
    DISPATCH_LATE,
    DISPATCH_LATE_ESCALATION,
    NEED_ESCALATED,
    NEED_OVERDUE,
    OutboxEvent,
)
from domain.matching.allocations import PledgeOffer, pledge_offer
from domain.matching.records import Allocation
from domain.needs.deadlines import (
    EscalateNeed,
    ExtendNeed,
    escalate_need,
    extend_need,
    mark_overdue,
)
from domain.needs.model import Need
from domain.needs.services import CancelNeed, cancel_need
from domain.notify.fanout import nudge_late
from domain.offers.expiry import expire_offers
from domain.offers.model import Offer
from domain.registry.offices import CreateOffice, create_office
from tests.service.scene import (
    ADMIN,
    NEEDED_BY,
    charity,
    drinking_water_need,
    lu_an_office,
    posted_offer,
)
from tests.service.test_allocation_rules import proposal, refusals


async def events(db: Database, topic: str) -> list[dict[str, object]]:
    async with db.transaction() as session:
        # In the order they were written: PostgreSQL promises no order without one.
        rows = await session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.topic == topic)
            .order_by(OutboxEvent.created_at, OutboxEvent.id)
        )
        return [row.payload for row in rows.all()]


async def reread(db: Database, entity: type, ident: uuid.UUID):  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return await session.get(entity, ident)


async def office_of(db: Database, region_code: str, name: str) -> Principal:
    office = await db.run(lambda s: create_office(s, ADMIN, CreateOffice(name, region_code)))
    return Principal(
        account_id=uuid.uuid4(),
        role=Role.OFFICE_STAFF,
        office_id=office.id,
        office_region_code=region_code,
    )


async def test_a_need_past_its_needed_by_still_short_becomes_overdue_once(db: Database) -> None:
    # given a need for 500 litres needed by 2020-07-22, of which 200 are pledged
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    provider = await charity(db, staff)
    offer = await posted_offer(db, provider, 300)
    await db.run(
        lambda s: pledge_offer(
            s, provider, PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=200)
        )
    )

    # when the periodic job runs twice after the needed-by
    first = await db.run(lambda s: mark_overdue(s, NEEDED_BY + timedelta(minutes=1)))
    second = await db.run(lambda s: mark_overdue(s, NEEDED_BY + timedelta(minutes=2)))

    # then it is OVERDUE, its counters untouched, and its office was told exactly once
    row = await reread(db, Need, need.id)
    assert (row.status, row.quantity_allocated) == (NeedStatus.OVERDUE, 200)
    assert (first, second) == (1, 0)
    told = await events(db, NEED_OVERDUE)
    assert [e["needId"] for e in told] == [str(need.id)]
    # and partners hear of it too, in the same event
    assert [e["change"]["data"]["status"] for e in told] == ["OVERDUE"]  # type: ignore[index]


async def test_a_covered_need_or_one_not_yet_due_is_never_overdue(db: Database) -> None:
    # given a need fully pledged
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff, quantity=100)
    provider = await charity(db, staff)
    offer = await posted_offer(db, provider, 300)
    await db.run(
        lambda s: pledge_offer(
            s, provider, PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=100)
        )
    )

    # when the job runs before and after its needed-by
    before = await db.run(lambda s: mark_overdue(s, NEEDED_BY - timedelta(minutes=1)))
    after = await db.run(lambda s: mark_overdue(s, NEEDED_BY + timedelta(days=1)))

    # then nothing became OVERDUE: the need is ALLOCATED
    assert (before, after) == (0, 0)
    assert (await reread(db, Need, need.id)).status is NeedStatus.ALLOCATED


async def test_an_overdue_need_stays_overdue_when_partly_pledged_and_is_allocated_when_covered(
    db: Database,
) -> None:
    # given an OVERDUE need for 500 litres
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    await db.run(lambda s: mark_overdue(s))
    provider = await charity(db, staff)
    offer = await posted_offer(db, provider, 600)

    # when a provider pledges 100, then it is still OVERDUE (still short, still late)
    await db.run(
        lambda s: pledge_offer(
            s, provider, PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=100)
        )
    )
    assert (await reread(db, Need, need.id)).status is NeedStatus.OVERDUE

    # when the rest is pledged, then it is ALLOCATED
    await db.run(
        lambda s: pledge_offer(
            s, provider, PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=400)
        )
    )
    assert (await reread(db, Need, need.id)).status is NeedStatus.ALLOCATED


async def test_the_office_extends_an_overdue_need_only_into_the_future(db: Database) -> None:
    # given an OVERDUE need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    await db.run(lambda s: mark_overdue(s))

    # when the office extends it to a past time, then the time is refused
    with pytest.raises(DomainError) as refused:
        await db.run(
            lambda s: extend_need(s, staff, ExtendNeed(need.id, utcnow() - timedelta(hours=1)))
        )
    assert refusals(refused) == [(("needed_by",), ErrorCode.INVALID)]

    # when it extends it by three days, then it is OPEN again
    later = utcnow() + timedelta(days=3)
    extended = await db.run(lambda s: extend_need(s, staff, ExtendNeed(need.id, later)))
    assert (extended.status, extended.needed_by) == (NeedStatus.OPEN, later)


async def test_the_office_cancels_an_overdue_need(db: Database) -> None:
    # given an OVERDUE need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    await db.run(lambda s: mark_overdue(s))
    # when the office cancels it, then it is CANCELLED
    cancelled = await db.run(lambda s: cancel_need(s, staff, CancelNeed(need.id, "no longer")))
    assert cancelled.status is NeedStatus.CANCELLED


async def test_escalation_goes_to_the_nearest_office_above_the_holder(db: Database) -> None:
    # given Anhui's province office, Lu'an's prefecture office, Yu'an's county office
    # and an OVERDUE need Yu'an published
    province = await office_of(db, "340000", "安徽省民政厅")
    prefecture = await lu_an_office(db)
    county = await office_of(db, "341503", "裕安区民政局")
    need = await drinking_water_need(db, prefecture)
    async with db.transaction() as session:
        row = await session.get(Need, need.id)
        assert row is not None and county.office_id is not None
        row.office_id = county.office_id
    await db.run(lambda s: mark_overdue(s))

    # when Yu'an escalates it, then it goes to Lu'an, which is told
    first = await db.run(lambda s: escalate_need(s, county, EscalateNeed(need.id, "水源污染")))
    assert first.escalated_to_office_id == prefecture.office_id
    assert first.status is NeedStatus.OVERDUE
    # when Yu'an tries again, then it is refused: the need is above it now
    with pytest.raises(DomainError) as again:
        await db.run(lambda s: escalate_need(s, county, EscalateNeed(need.id)))
    assert refusals(again) == [(("need_id",), ErrorCode.INVALID_TRANSITION)]
    # when Lu'an escalates it, then it goes to the province
    second = await db.run(lambda s: escalate_need(s, prefecture, EscalateNeed(need.id)))
    assert second.escalated_to_office_id == province.office_id
    # and the province has nowhere above to send it
    with pytest.raises(DomainError) as top:
        await db.run(lambda s: escalate_need(s, province, EscalateNeed(need.id)))
    assert refusals(top) == [(("need_id",), ErrorCode.INVALID_TRANSITION)]
    told = [(e["needId"], e["officeId"]) for e in await events(db, NEED_ESCALATED)]
    assert told == [
        (str(need.id), str(prefecture.office_id)),
        (str(need.id), str(province.office_id)),
    ]


async def test_an_offer_past_its_window_expires_and_lets_go_of_its_proposals(db: Database) -> None:
    # given an offer available until 2020-07-27 with 120 litres proposed to a need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    provider = await charity(db, staff)
    offer = await posted_offer(db, provider, 300)
    allocation = await proposal(db, need, offer, 120)

    # when the job runs before the window ends, then nothing happens
    assert (
        await db.run(lambda s: expire_offers(s, offer.available_until - timedelta(seconds=1))) == 0
    )
    # when it runs after
    expired = await db.run(lambda s: expire_offers(s, offer.available_until))

    # then the offer is EXPIRED, its proposal lapsed, and the need holds nothing proposed
    assert expired == 1
    assert (await reread(db, Offer, offer.id)).status is OfferStatus.EXPIRED
    assert (await reread(db, Allocation, allocation.id)).status is AllocationStatus.EXPIRED
    assert (await reread(db, Need, need.id)).quantity_proposed == 0
    assert (await reread(db, Offer, offer.id)).quantity_proposed == 0
    # and its capacity can no longer be pledged
    with pytest.raises(DomainError) as refused:
        await db.run(
            lambda s: pledge_offer(
                s, provider, PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=10)
            )
        )
    assert refused.value.errors[0].code is ErrorCode.INSUFFICIENT_CAPACITY


async def test_a_late_dispatch_alerts_the_provider_then_the_office_never_twice(
    db: Database,
) -> None:
    # given a dispatch whose deadline is the need's needed-by
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    provider = await charity(db, staff)
    offer = await posted_offer(db, provider, 300)
    _, dispatch = await db.run(
        lambda s: pledge_offer(
            s, provider, PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=50)
        )
    )
    grace = timedelta(hours=2)

    # when the job runs at the deadline, an hour later, three hours later and again
    counts = [
        await db.run(lambda s, at=at: nudge_late(s, grace, NEEDED_BY + at))
        for at in (timedelta(), timedelta(hours=1), timedelta(hours=3), timedelta(hours=4))
    ]

    # then the provider was told at the deadline, the office after the grace, once each
    assert counts == [1, 0, 1, 0]
    assert [e["dispatchId"] for e in await events(db, DISPATCH_LATE)] == [str(dispatch.id)]
    assert len(await events(db, DISPATCH_LATE_ESCALATION)) == 1
    row = await reread(db, Dispatch, dispatch.id)
    assert row.late_reminded_at == NEEDED_BY and row.late_escalated_at == NEEDED_BY + timedelta(
        hours=3
    )


async def test_a_delivered_dispatch_is_never_late(db: Database) -> None:
    # given a dispatch already delivered
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    provider = await charity(db, staff)
    offer = await posted_offer(db, provider, 300)
    _, dispatch = await db.run(
        lambda s: pledge_offer(
            s, provider, PledgeOffer(offer_id=offer.id, need_id=need.id, quantity=50)
        )
    )
    for status in (DispatchStatus.ACKNOWLEDGED, DispatchStatus.EN_ROUTE, DispatchStatus.DELIVERED):
        move = UpdateDispatchStatus(dispatch_id=dispatch.id, status=status, delivered_quantity=50)
        await db.run(lambda s, move=move: update_dispatch_status(s, provider, move))
    # when the job runs long after its deadline, then nobody is told
    assert (
        await db.run(lambda s: nudge_late(s, timedelta(hours=2), NEEDED_BY + timedelta(days=1)))
        == 0
    )
    async with db.transaction() as session:
        late = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == DISPATCH_LATE)
        )
    assert late == 0
