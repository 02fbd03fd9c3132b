"""Pairs kept out of rounds: an office's veto, and a provider asking for a declined pair
again. (A provider's decline itself is in allocations.py.)"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import AllocationStatus, Scope, WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import ALLOCATION_VETOED
from domain.matching import changes as allocation_changes
from domain.matching import holds, rounds
from domain.matching.allocations import decide, own_allocation
from domain.matching.proposals import lock_offers
from domain.matching.records import Allocation
from domain.needs.model import Need


@dataclass(frozen=True, slots=True, kw_only=True)
class VetoAllocation:
    """The office turns a proposal down, saying why."""

    allocation_id: uuid.UUID
    reason: str | None


@dataclass(frozen=True, slots=True)
class ReconsiderAllocation:
    """The provider asks for a pair it declined to be proposed again."""

    allocation_id: uuid.UUID


async def responsible_need(
    session: AsyncSession, principal: Principal, need_id: uuid.UUID, field: str
) -> Need:
    """The need, if the principal is ADMIN or an office whose jurisdiction holds it."""
    principal.require(Scope.MATCHING)
    if not (principal.is_admin or principal.is_office):
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only offices steer matching.")
    need = await session.get(Need, need_id)
    if need is None:
        raise DomainError.single(field, ErrorCode.NOT_FOUND, "No such need.")
    if not principal.covers_region(need.region_code):
        raise DomainError.single(
            field,
            ErrorCode.OUT_OF_JURISDICTION,
            "The need is outside your office's jurisdiction.",
        )
    return need


async def veto_allocation(
    session: AsyncSession, principal: Principal, command: VetoAllocation
) -> Allocation:
    """The office responsible for the need vetoes a proposal: the units go back to both
    sides, the provider is told, rounds never propose the pair again, and a round looks
    for other capacity."""
    principal.require(Scope.MATCHING)
    allocation = await session.get(Allocation, command.allocation_id)
    if allocation is None:
        raise DomainError.single("allocation_id", ErrorCode.NOT_FOUND, "No such allocation.")
    need = await responsible_need(session, principal, allocation.need_id, "allocation_id")
    errors = Errors()
    reason = validation.text(errors, "reason", command.reason, max_length=2000)
    errors.raise_if_any()
    # Offers are locked first, as accepts and declines lock them: no deadlock with them.
    await lock_offers(session, {allocation.offer_id})
    await decide(
        session,
        allocation,
        "Only a PROPOSED allocation is vetoed; this one is {}.",
        status=AllocationStatus.VETOED,
        decided_at=utcnow(),
        decided_by_id=principal.account_id,
        veto_reason=reason,
    )
    await holds.release_proposed(session, allocation)
    await session.refresh(allocation)
    await allocation_changes.announce(
        session,
        allocation,
        WebhookEvent.ALLOCATION_VETOED,
        topic=ALLOCATION_VETOED,
        payload={"allocationId": str(allocation.id)},
    )
    audit.record(
        session,
        principal,
        "allocation.vetoed",
        allocation,
        region_code=need.region_code,
        details={"reason": reason, "quantity": allocation.quantity},
    )
    await rounds.request_automatic(session, need.incident_id)
    return allocation


async def reconsider_allocation(
    session: AsyncSession, principal: Principal, command: ReconsiderAllocation
) -> Allocation:
    """The provider takes its decline back: rounds may propose this offer to this need
    again, and one is requested."""
    allocation, _ = await own_allocation(session, principal, command.allocation_id)
    if allocation.status is not AllocationStatus.DECLINED:
        raise DomainError.single(
            "allocation_id",
            ErrorCode.INVALID_TRANSITION,
            f"Only a DECLINED allocation is reconsidered; this one is {allocation.status.value}.",
        )
    if allocation.reconsidered_at is not None:
        raise DomainError.single(
            "allocation_id", ErrorCode.INVALID_TRANSITION, "This decline was already taken back."
        )
    now = utcnow()
    # Every decline of the pair is taken back: one "yes, ask me again" reopens the pair.
    await session.execute(
        update(Allocation)
        .where(
            Allocation.need_id == allocation.need_id,
            Allocation.offer_id == allocation.offer_id,
            Allocation.status == AllocationStatus.DECLINED,
            Allocation.reconsidered_at.is_(None),
        )
        .values(reconsidered_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(allocation)
    need = await session.get(Need, allocation.need_id)
    assert need is not None
    audit.record(
        session, principal, "allocation.reconsidered", allocation, region_code=need.region_code
    )
    await rounds.request_automatic(session, need.incident_id)
    return allocation
