"""The dispatch life cycle: ISSUED → ACKNOWLEDGED → EN_ROUTE → DELIVERED → COMPLETED."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch.model import Dispatch
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.db import counters
from domain.kernel.db.base import utcnow
from domain.kernel.enums import AllocationStatus, DispatchStatus, Scope
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import DISPATCH_STATUS_CHANGED, emit
from domain.matching.records import Allocation
from domain.needs import services as needs
from domain.needs.model import Need
from domain.offers import services as offers
from domain.offers.model import Offer

S = DispatchStatus
# status -> the statuses the provider may move it to
PROVIDER_MOVES = {
    S.ISSUED: {S.ACKNOWLEDGED},
    S.ACKNOWLEDGED: {S.EN_ROUTE},
    S.EN_ROUTE: {S.DELIVERED},
    S.DELIVERED: {S.COMPLETED},
}
CANCELLABLE = {S.ISSUED, S.ACKNOWLEDGED, S.EN_ROUTE}


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateDispatchStatus:
    """Move a dispatch to `status`; DELIVERED says how much arrived."""

    dispatch_id: uuid.UUID
    status: DispatchStatus
    delivered_quantity: int | None = None


def _rows(result: object) -> int:
    return int(result.rowcount)  # type: ignore[attr-defined]


async def _context(
    session: AsyncSession,
    dispatch_id: uuid.UUID,
) -> tuple[Dispatch, Allocation, Need, Offer]:
    dispatch = await session.get(Dispatch, dispatch_id, with_for_update=True)
    if dispatch is None:
        raise DomainError.single("dispatch_id", ErrorCode.NOT_FOUND, "No such dispatch.")
    allocation = await session.get(Allocation, dispatch.allocation_id)
    assert allocation is not None
    need = await session.get(Need, allocation.need_id)
    offer = await session.get(Offer, allocation.offer_id)
    assert need is not None and offer is not None
    return dispatch, allocation, need, offer


def _is_provider(principal: Principal, offer: Offer) -> bool:
    if offer.organization_id is not None:
        return principal.is_org_member and principal.organization_id == offer.organization_id
    return principal.volunteer_id is not None and principal.volunteer_id == offer.volunteer_id


async def _deliver(
    session: AsyncSession,
    dispatch: Dispatch,
    allocation: Allocation,
    need: Need,
    quantity: int | None,
) -> None:
    if quantity is None or quantity <= 0:
        raise DomainError.single(
            "delivered_quantity",
            ErrorCode.REQUIRED,
            "Say how much was delivered (a positive number).",
        )
    if quantity > allocation.quantity:
        raise DomainError.quantity_conflict(
            "delivered_quantity", f"At most the {allocation.quantity} units dispatched."
        )
    counted = await session.execute(
        update(Need)
        .where(
            Need.id == need.id,
            Need.quantity_delivered + quantity <= Need.quantity,
        )
        .values(quantity_delivered=Need.quantity_delivered + quantity)
    )
    if _rows(counted) != 1:
        raise DomainError.single(
            "delivered_quantity",
            ErrorCode.INVALID,
            "That would deliver more than the need asked for.",
        )
    dispatch.delivered_quantity = quantity
    dispatch.delivered_at = utcnow()


async def _cancel(session: AsyncSession, allocation: Allocation, need: Need, offer: Offer) -> None:
    """Hand the dispatch's units back to the need and the offer."""
    await session.execute(
        update(Allocation)
        .where(Allocation.id == allocation.id)
        .values(status=AllocationStatus.CANCELLED)
    )
    await counters.add(session, Need.quantity_allocated, need.id, -allocation.quantity)
    await counters.add(session, Offer.quantity_committed, offer.id, -allocation.quantity)


async def update_dispatch_status(
    session: AsyncSession, principal: Principal, command: UpdateDispatchStatus
) -> Dispatch:
    """The provider moves its dispatch forward; the office cancels one."""
    principal.require(Scope.DISPATCH)
    status = command.status
    dispatch, allocation, need, offer = await _context(session, command.dispatch_id)
    if status is S.CANCELLED:
        if not principal.covers_region(need.region_code):
            raise DomainError.single(
                "dispatch_id",
                ErrorCode.FORBIDDEN,
                "Only the office responsible for the need cancels.",
            )
        allowed = dispatch.status in CANCELLABLE
    else:
        if not _is_provider(principal, offer):
            raise DomainError.single(
                "dispatch_id",
                ErrorCode.FORBIDDEN,
                "Only the dispatched provider moves its dispatch.",
            )
        allowed = status in PROVIDER_MOVES.get(dispatch.status, set())
    if not allowed:
        raise DomainError.single(
            "status",
            ErrorCode.INVALID_TRANSITION,
            f"A {dispatch.status.value} dispatch cannot become {status.value}.",
        )
    previous = dispatch.status
    if status is S.DELIVERED:
        await _deliver(session, dispatch, allocation, need, command.delivered_quantity)
    elif status is S.CANCELLED:
        await _cancel(session, allocation, need, offer)
    elif status is S.ACKNOWLEDGED:
        dispatch.acknowledged_at = utcnow()
    dispatch.status = status
    await session.refresh(need)
    await session.refresh(offer)
    need.status = needs.derive_status(need)
    offer.status = offers.derive_status(offer)
    emit(
        session,
        DISPATCH_STATUS_CHANGED,
        {"dispatchId": str(dispatch.id), "from": previous.value, "to": status.value},
    )
    audit.record(
        session,
        principal,
        "dispatch.status_changed",
        dispatch,
        region_code=need.region_code,
        details={
            "from": previous.value,
            "to": status.value,
            "deliveredQuantity": dispatch.delivered_quantity,
        },
    )
    return dispatch
