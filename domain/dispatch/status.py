"""The dispatch life cycle: ISSUED → ACKNOWLEDGED → EN_ROUTE → DELIVERED → COMPLETED.

DELIVERED with a quantity records one delivery (domain/dispatch/deliveries.py: a
dispatch may take several); COMPLETED hands what was never delivered back to the need.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments import cancellation
from domain.dispatch import context, deliveries
from domain.dispatch.context import DispatchContext
from domain.dispatch.model import Dispatch
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.db import counters
from domain.kernel.db.base import utcnow
from domain.kernel.enums import AllocationStatus, DispatchStatus, Scope
from domain.kernel.errors import DomainError, ErrorCode
from domain.matching import rounds
from domain.matching.records import Allocation
from domain.needs.model import Need
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
    """Move a dispatch to `status`; DELIVERED says how much arrived; COMPLETED may say the
    capacity never delivered is gone (else it goes back to the offer)."""

    dispatch_id: uuid.UUID
    status: DispatchStatus
    delivered_quantity: int | None = None
    capacity_gone: bool = False


async def _cancel(session: AsyncSession, principal: Principal, ctx: DispatchContext) -> None:
    """Hand the dispatch's units back to the need and the offer; the volunteers serving on
    its allocation are called off and told."""
    allocation = ctx.allocation
    await session.execute(
        update(Allocation)
        .where(Allocation.id == allocation.id)
        .values(status=AllocationStatus.CANCELLED)
    )
    await counters.add(session, Need.quantity_allocated, ctx.need.id, -allocation.quantity)
    await counters.add(session, Offer.quantity_committed, ctx.offer.id, -allocation.quantity)
    await cancellation.of_allocation(session, principal, allocation.id)


def _check_move(principal: Principal, ctx: DispatchContext, status: DispatchStatus) -> None:
    dispatch = ctx.dispatch
    if status is S.CANCELLED:
        if not principal.covers_region(ctx.need.region_code):
            raise DomainError.single(
                "dispatch_id",
                ErrorCode.FORBIDDEN,
                "Only the office responsible for the need cancels.",
            )
        allowed = dispatch.status in CANCELLABLE
    else:
        if not context.is_provider(principal, ctx.offer):
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


async def update_dispatch_status(
    session: AsyncSession, principal: Principal, command: UpdateDispatchStatus
) -> Dispatch:
    """The provider moves its dispatch forward; the office cancels one."""
    principal.require(Scope.DISPATCH)
    status = command.status
    ctx = await context.load(session, command.dispatch_id)
    dispatch = ctx.dispatch
    _check_move(principal, ctx, status)
    previous = dispatch.status
    if status is S.DELIVERED:
        delivery = deliveries.RecordDelivery(
            dispatch_id=dispatch.id, quantity=command.delivered_quantity
        )
        await deliveries.deliver(
            session, principal, ctx, delivery, quantity_field="delivered_quantity"
        )
    elif status is S.COMPLETED:
        await deliveries.complete(session, ctx, capacity_gone=command.capacity_gone)
    elif status is S.CANCELLED:
        await _cancel(session, principal, ctx)
        # The units are back on the need and the offer: a round may place them again.
        await rounds.request_automatic(session, ctx.need.incident_id)
    elif status is S.ACKNOWLEDGED:
        dispatch.acknowledged_at = utcnow()
    dispatch.status = status
    await context.follow_counters(session, ctx)
    await deliveries.status_changed(session, ctx, previous)
    audit.record(
        session,
        principal,
        "dispatch.status_changed",
        dispatch,
        region_code=ctx.need.region_code,
        details={
            "from": previous.value,
            "to": status.value,
            "deliveredQuantity": dispatch.delivered_quantity,
            "returnedQuantity": dispatch.returned_quantity,
        },
    )
    return dispatch
