"""Accepting, declining and pledging: capacity changes hands without ever over-committing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments import services as assignments
from domain.dispatch import services as dispatches
from domain.dispatch.context import statuses_follow
from domain.dispatch.model import Dispatch
from domain.incidents.model import Incident
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db import counters
from domain.kernel.db.base import utcnow
from domain.kernel.enums import AllocationSource, AllocationStatus, IncidentPhase, WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.matching import changes as allocation_changes
from domain.matching import holds, rounds
from domain.matching.records import Allocation
from domain.matching.specs import require_compatible
from domain.needs.model import Need
from domain.needs.services import ACTIVE
from domain.offers import services as offers
from domain.offers.model import Offer

# What a pledged allocation says of itself: the provider chose it, no round proposed it.
PLEDGE_EXPLANATION = {"kind": "PLEDGE", "summary": "Pledged directly by the provider."}


@dataclass(frozen=True, slots=True)
class AcceptAllocation:
    allocation_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class DeclineAllocation:
    """Turn a proposal down, saying why: rounds then leave the pair out."""

    allocation_id: uuid.UUID
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PledgeOffer:
    """Commit `quantity` units of the offer to the need directly."""

    offer_id: uuid.UUID
    need_id: uuid.UUID
    quantity: int


def _rows(result: object) -> int:
    return int(result.rowcount)  # type: ignore[attr-defined]


async def own_allocation(
    session: AsyncSession, principal: Principal, allocation_id: uuid.UUID
) -> tuple[Allocation, Offer]:
    allocation = await session.get(Allocation, allocation_id)
    if allocation is None:
        raise DomainError.single("allocation_id", ErrorCode.NOT_FOUND, "No such allocation.")
    try:
        offer = await offers.get_own_offer(session, principal, allocation.offer_id)
    except DomainError as refusal:
        if refusal.errors[0].code is ErrorCode.NOT_FOUND:
            raise DomainError.single(
                "allocation_id", ErrorCode.FORBIDDEN, "Only the offering provider decides."
            ) from None
        raise
    return allocation, offer


async def _refresh_statuses(session: AsyncSession, need: Need, offer: Offer) -> None:
    await statuses_follow(session, need, offer)


async def _dispatched(
    session: AsyncSession,
    principal: Principal,
    action: str,
    allocation: Allocation,
    need: Need,
    offer: Offer,
) -> tuple[Allocation, Dispatch]:
    """A committed allocation's dispatch issued, and the commitment audited; a volunteer's
    own offer makes them the assignment's holder."""
    # A pledge is refused on its offer; an acceptance on the allocation answered.
    field = "offer_id" if allocation.source is AllocationSource.PLEDGE else "allocation_id"
    await assignments.plan_own_offer(session, principal, allocation, need, offer, field)
    await allocation_changes.announce(session, allocation, WebhookEvent.ALLOCATION_ACCEPTED)
    dispatch = await dispatches.issue(session, allocation, need, offer)
    audit.record(
        session,
        principal,
        action,
        allocation,
        region_code=need.region_code,
        details={"quantity": allocation.quantity},
    )
    return allocation, dispatch


async def decide(
    session: AsyncSession,
    allocation: Allocation,
    refusal: str = "The allocation is {}.",
    **decision: Any,
) -> None:
    """Decides a proposal only while it is PROPOSED, so that of a concurrent accept, decline,
    veto or expiry one wins; the others are refused with what it became (`refusal`)."""
    decided = await session.execute(
        update(Allocation)
        .where(Allocation.id == allocation.id, Allocation.status == AllocationStatus.PROPOSED)
        .values(**decision)
    )
    if _rows(decided) != 1:
        await session.refresh(allocation)
        raise DomainError.single(
            "allocation_id",
            ErrorCode.INVALID_TRANSITION,
            refusal.format(allocation.status.value),
        )


async def accept_allocation(
    session: AsyncSession, principal: Principal, command: AcceptAllocation
) -> tuple[Allocation, Dispatch]:
    """The provider accepts a proposal: its units become committed; a dispatch is issued."""
    allocation, offer = await own_allocation(session, principal, command.allocation_id)
    now = utcnow()
    if (
        allocation.status is AllocationStatus.PROPOSED
        and allocation.expires_at is not None
        and allocation.expires_at <= now
    ):
        # The expiry job hands the units back; accepting now would promise stale capacity.
        raise DomainError.single(
            "allocation_id", ErrorCode.INVALID_TRANSITION, "This proposal has expired."
        )
    await decide(
        session,
        allocation,
        status=AllocationStatus.ACCEPTED,
        decided_at=now,
        decided_by_id=principal.account_id,
    )
    quantity = allocation.quantity
    # Moving units from proposed to committed keeps each side's total: the CHECK holds.
    await counters.move(
        session, Offer.quantity_proposed, Offer.quantity_committed, offer.id, quantity
    )
    await counters.move(
        session, Need.quantity_proposed, Need.quantity_allocated, allocation.need_id, quantity
    )
    need = await session.get(Need, allocation.need_id)
    assert need is not None
    await _refresh_statuses(session, need, offer)
    await session.refresh(allocation)
    return await _dispatched(session, principal, "allocation.accepted", allocation, need, offer)


async def decline_allocation(
    session: AsyncSession, principal: Principal, command: DeclineAllocation
) -> Allocation:
    """The provider declines a proposal, with a reason; both sides get the units back, the
    incident gets a round, and rounds no longer propose this pair (reconsider_allocation
    lets the provider ask for it again)."""
    allocation, _ = await own_allocation(session, principal, command.allocation_id)
    errors = Errors()
    reason = validation.text(errors, "reason", command.reason, max_length=2000)
    errors.raise_if_any()
    await decide(
        session,
        allocation,
        status=AllocationStatus.DECLINED,
        decided_at=utcnow(),
        decided_by_id=principal.account_id,
        decline_reason=reason,
    )
    await holds.release_proposed(session, allocation)
    await session.refresh(allocation)
    need = await session.get(Need, allocation.need_id)
    assert need is not None
    audit.record(
        session,
        principal,
        "allocation.declined",
        allocation,
        region_code=need.region_code,
        details={"reason": reason},
    )
    await allocation_changes.announce(session, allocation, WebhookEvent.ALLOCATION_DECLINED)
    await rounds.request_automatic(session, need.incident_id)
    return allocation


async def pledge_offer(
    session: AsyncSession, principal: Principal, command: PledgeOffer
) -> tuple[Allocation, Dispatch]:
    """A provider commits part of an offer to a need directly, within both quantities."""
    quantity = command.quantity
    offer = await offers.get_own_offer(session, principal, command.offer_id)
    need = await session.get(Need, command.need_id)
    if need is None:
        raise DomainError.single("need_id", ErrorCode.NOT_FOUND, "No such need.")
    incident = await session.get(Incident, need.incident_id)
    if need.status not in ACTIVE or incident is None or incident.phase is IncidentPhase.CLOSED:
        raise DomainError.single(
            "need_id", ErrorCode.INVALID_TRANSITION, f"The need is {need.status.value}."
        )
    # The rule a round applies: a pledge a round could never propose is refused.
    await require_compatible(session, need, offer, utcnow(), field="need_id")
    if quantity <= 0:
        raise DomainError.single("quantity", ErrorCode.INVALID, "Pledge a positive quantity.")
    if not await holds.on_offer(session, Offer.quantity_committed, offer.id, quantity):
        raise DomainError.quantity_conflict(
            "quantity", "The offer has not that much free capacity left."
        )
    if not await holds.on_need(session, Need.quantity_allocated, need.id, quantity, ACTIVE):
        # Raising rolls the whole unit of work back, the offer's hold included.
        raise DomainError.quantity_conflict(
            "quantity", "The need does not lack that much any more."
        )
    await _refresh_statuses(session, need, offer)
    allocation = Allocation(
        need_id=need.id,
        offer_id=offer.id,
        quantity=quantity,
        status=AllocationStatus.ACCEPTED,
        source=AllocationSource.PLEDGE,
        explanation=dict(PLEDGE_EXPLANATION),
        decided_at=utcnow(),
        decided_by_id=principal.account_id,
    )
    session.add(allocation)
    await session.flush()
    return await _dispatched(session, principal, "offer.pledged", allocation, need, offer)
