"""The demo's life after matching: a delivery that fell short, and what the jobs see.

The charity delivers only part of its largest dispatch, the office confirms what arrived,
and the charity completes it short saying the rest of that stock is gone: the rest goes
back to the need, which shows a gap again. The periodic jobs then run once as the workers
would, so that the need whose deadline passed is OVERDUE and the county nobody looked at
is alerted as a blind spot. Each step is skipped when a former run did it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch import deliveries, receipts
from domain.dispatch.model import Delivery, Dispatch
from domain.dispatch.status import UpdateDispatchStatus, update_dispatch_status
from domain.incidents.blind_spots import blind_spots
from domain.incidents.model import Incident
from domain.kernel import regions
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import AllocationStatus, DispatchStatus, NeedStatus
from domain.matching import allocations
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry import accounts
from reliefhub import demo_data as data
from workers.jobs import Timings, run_once

ACCEPTED_BY_CHARITY = 3  # proposals the charity accepts, so that dispatches exist
DELIVERED_SHARE = (3, 5)  # the short delivery: three fifths of what was dispatched


async def sign_in_as(session: AsyncSession, email: str) -> tuple[Principal, str]:
    """(principal, its new session token) of a demo account, signed in as a person would."""
    issued = await accounts.sign_in(session, email, data.PASSWORD)
    principal = await accounts.authenticate(session, issued.token)
    assert principal is not None
    return principal, issued.token


def _of_incident(incident_id: uuid.UUID) -> Select[Dispatch]:
    return (
        select(Dispatch)
        .join(Allocation, Allocation.id == Dispatch.allocation_id)
        .join(Need, Need.id == Allocation.need_id)
        .join(Offer, Offer.id == Allocation.offer_id)
        .where(Need.incident_id == incident_id)
    )


async def accept_some(db: Database, incident_id: uuid.UUID) -> None:
    """The charity accepts its first proposals, unless dispatches exist already."""
    async with db.transaction() as session:
        dispatched = await session.scalar(
            select(func.count(Dispatch.id))
            .join(Allocation, Allocation.id == Dispatch.allocation_id)
            .join(Need, Need.id == Allocation.need_id)
            .where(Need.incident_id == incident_id)
        )
        if dispatched:
            return
        charity, _ = await sign_in_as(session, data.ORGANIZATIONS[0].email)
        proposed = await session.scalars(
            select(Allocation.id)
            .join(Offer, Offer.id == Allocation.offer_id)
            .join(Need, Need.id == Allocation.need_id)
            .where(
                Need.incident_id == incident_id,
                Offer.organization_id == charity.organization_id,
                Allocation.status == AllocationStatus.PROPOSED,
            )
            .order_by(Need.urgency, Allocation.quantity.desc())
            .limit(ACCEPTED_BY_CHARITY)
        )
        for allocation_id in proposed.all():
            await allocations.accept_allocation(
                session, charity, allocations.AcceptAllocation(allocation_id)
            )


async def deliver_short(db: Database, incident_id: uuid.UUID) -> None:
    """The charity's largest dispatch arrives three fifths full and is completed short,
    unless a former run recorded a delivery already."""
    async with db.transaction() as session:
        statement = _of_incident(incident_id)
        delivered = exists().where(Delivery.dispatch_id == Dispatch.id)
        if await session.scalar(statement.where(delivered).limit(1)) is not None:
            return
        charity, _ = await sign_in_as(session, data.ORGANIZATIONS[0].email)
        office, _ = await sign_in_as(session, data.OFFICES[0].email)
        dispatch = await session.scalar(
            statement.where(
                Offer.organization_id == charity.organization_id,
                Dispatch.status == DispatchStatus.ISSUED,
            )
            .order_by(Allocation.quantity.desc(), Dispatch.code)
            .limit(1)
        )
        if dispatch is None:
            return
        for status in (DispatchStatus.ACKNOWLEDGED, DispatchStatus.EN_ROUTE):
            await update_dispatch_status(
                session, charity, UpdateDispatchStatus(dispatch_id=dispatch.id, status=status)
            )
        allocated = await session.scalar(
            select(Allocation.quantity).where(Allocation.id == dispatch.allocation_id)
        )
        assert allocated is not None
        part = allocated * DELIVERED_SHARE[0] // DELIVERED_SHARE[1]
        await deliveries.record_delivery(
            session,
            charity,
            deliveries.RecordDelivery(
                dispatch_id=dispatch.id, quantity=part, note="第一批：道路中断，其余在途受损"
            ),
        )
        await receipts.confirm_receipt(
            session,
            office,
            receipts.ConfirmReceipt(
                dispatch_id=dispatch.id, quantity_received=part, note="安置点清点无误"
            ),
        )
        # The rest of that stock was spoiled by the water: it does not go back to the offer.
        done = UpdateDispatchStatus(
            dispatch_id=dispatch.id, status=DispatchStatus.COMPLETED, capacity_gone=True
        )
        await update_dispatch_status(session, charity, done)


async def run_jobs(db: Database, timings: Timings) -> None:
    """One pass of the workers' periodic jobs: overdue needs, blind-spot alerts, ..."""
    await run_once(db, timings)


async def highlights(
    session: AsyncSession, incident_id: uuid.UUID, blind_spot_after: timedelta
) -> list[str]:
    """What the demo shows of the loop, for the terminal."""
    lines: list[str] = []
    short = await session.scalar(
        _of_incident(incident_id).where(
            Dispatch.status == DispatchStatus.COMPLETED,
            Dispatch.returned_quantity > 0,
        )
    )
    if short is not None:
        lines.append(
            f"  a short delivery: dispatch {short.code} delivered {short.delivered_quantity} "
            f"of {short.delivered_quantity + short.returned_quantity}, receipt confirmed "
            f"({short.received_quantity}); the {short.returned_quantity} left went back to "
            "the need (Dispatches page; the incident's gaps)"
        )
    overdue = await session.scalars(
        select(Need).where(Need.incident_id == incident_id, Need.status == NeedStatus.OVERDUE)
    )
    for need in overdue.all():
        lines.append(
            f"  an OVERDUE need: {need.category_code} in {_name(need.region_code)}, "
            f"short {need.shortfall}: extend, cancel or escalate it on the incident's page"
        )
    incident = await session.get(Incident, incident_id)
    assert incident is not None
    for spot in await blind_spots(session, incident, after=blind_spot_after):
        lines.append(
            f"  a blind spot: {_name(spot.region_code)} ({spot.region_code}), no need and "
            "no assessment: mark it assessed on the incident's page"
        )
    gaps = (
        await session.scalars(
            select(Need).where(Need.incident_id == incident_id, Need.shortfall > 0)
        )
    ).all()
    reasoned = sum(1 for need in gaps if need.shortfall_reasons)
    lines.append(
        f"  {len(gaps)} gaps, {reasoned} of them with the last round's reasons (no offer in "
        "the category, outside every offer's service area, capacity taken by more urgent "
        "needs, ...); the others wait for answers to proposals"
    )
    return lines


def _name(code: str) -> str:
    region = regions.get(code)
    return region.name if region else code
