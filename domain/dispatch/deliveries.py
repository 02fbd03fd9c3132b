"""Deliveries as facts: the provider records what it handed over, several times if need
be, and completes the dispatch; what it never delivered goes back to the need.

Only a receipt (domain/dispatch/receipts.py) counts delivered units towards the need:
until then they wait in the need's `quantity_awaiting_receipt` and are still short.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch import changes as dispatch_changes
from domain.dispatch import context
from domain.dispatch.context import DispatchContext
from domain.dispatch.model import Delivery, Dispatch
from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db import counters
from domain.kernel.db.base import utcnow
from domain.kernel.enums import DispatchStatus, Scope, WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import DISPATCH_STATUS_CHANGED
from domain.matching import rounds
from domain.needs.model import Need
from domain.needs.services import ACTIVE
from domain.offers.model import Offer

S = DispatchStatus
# A delivery is recorded once the provider is on its way, and again after the first.
DELIVERABLE = (S.EN_ROUTE, S.DELIVERED)
NOTE_LENGTH = 2000
PHOTO_REF_LENGTH = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDelivery:
    """`quantity` units of the dispatch handed over now, with an optional note and photo."""

    dispatch_id: uuid.UUID
    quantity: int | None
    note: str | None = None
    photo_ref: str | None = None


async def status_changed(
    session: AsyncSession, ctx: DispatchContext, previous: DispatchStatus
) -> None:
    """Tell the outbox a dispatch moved (the provider's accounts, the office, webhooks)."""
    dispatch = ctx.dispatch
    await dispatch_changes.announce(
        session,
        ctx,
        WebhookEvent.DISPATCH_STATUS_CHANGED,
        topic=DISPATCH_STATUS_CHANGED,
        payload={
            "dispatchId": str(dispatch.id),
            "from": previous.value,
            "to": dispatch.status.value,
        },
        extra={"previousStatus": previous.value},
    )


async def deliver(
    session: AsyncSession,
    principal: Principal,
    ctx: DispatchContext,
    command: RecordDelivery,
    *,
    quantity_field: str = "quantity",
) -> Delivery:
    """Record one delivery on a dispatch already checked to be the principal's and in a
    deliverable state; `quantity_field` names the quantity as the caller's input does."""
    dispatch, allocation = ctx.dispatch, ctx.allocation
    quantity = command.quantity
    if quantity is None or quantity <= 0:
        raise DomainError.single(
            quantity_field, ErrorCode.REQUIRED, "Say how much was delivered (a positive number)."
        )
    undelivered = allocation.quantity - dispatch.delivered_quantity
    if quantity > undelivered:
        raise DomainError.single(
            quantity_field,
            ErrorCode.INVALID,
            f"At most the {undelivered} units of the {allocation.quantity} dispatched "
            "not delivered yet.",
        )
    errors = Errors()
    note = validation.text(errors, "note", command.note, max_length=NOTE_LENGTH, required=False)
    photo_ref = validation.text(
        errors, "photo_ref", command.photo_ref, max_length=PHOTO_REF_LENGTH, required=False
    )
    errors.raise_if_any()
    now = utcnow()
    delivery = Delivery(
        dispatch_id=dispatch.id,
        quantity=quantity,
        delivered_at=now,
        note=note,
        photo_ref=photo_ref,
        recorded_by_id=principal.account_id,
    )
    session.add(delivery)
    # The need's counter moves in SQL: other dispatches to the same need move it too.
    await counters.add(session, Need.quantity_awaiting_receipt, ctx.need.id, quantity)
    dispatch.delivered_quantity += quantity
    dispatch.delivered_at = now
    await session.flush()
    dispatch_changes.delivery_recorded(session, ctx, delivery)
    return delivery


async def record_delivery(
    session: AsyncSession, principal: Principal, command: RecordDelivery
) -> Dispatch:
    """The dispatched provider says it handed `quantity` units over; the first delivery
    makes the dispatch DELIVERED. The units await the receiving side's receipt."""
    principal.require(Scope.DISPATCH)
    ctx = await context.load(session, command.dispatch_id)
    context.require_provider(principal, ctx.offer)
    dispatch = ctx.dispatch
    if dispatch.status not in DELIVERABLE:
        raise DomainError.single(
            "dispatch_id",
            ErrorCode.INVALID_TRANSITION,
            f"A {dispatch.status.value} dispatch takes no delivery (set it EN_ROUTE first).",
        )
    delivery = await deliver(session, principal, ctx, command)
    previous = dispatch.status
    dispatch.status = S.DELIVERED
    await context.follow_counters(session, ctx)
    if previous is not S.DELIVERED:
        await status_changed(session, ctx, previous)
    audit.record(
        session,
        principal,
        "dispatch.delivery_recorded",
        dispatch,
        region_code=ctx.need.region_code,
        details={"deliveryId": str(delivery.id), "quantity": delivery.quantity},
    )
    return dispatch


async def complete(session: AsyncSession, ctx: DispatchContext, *, capacity_gone: bool) -> None:
    """The provider is done: what it never delivered goes back to the need, and to the
    offer unless the provider says that capacity is gone; the incident's next automatic
    round may then fill the need from elsewhere."""
    dispatch = ctx.dispatch
    dispatch.completed_at = utcnow()
    rest = ctx.allocation.quantity - dispatch.delivered_quantity
    if rest <= 0:
        return
    await counters.add(session, Need.quantity_allocated, ctx.need.id, -rest)
    if not capacity_gone:
        await counters.add(session, Offer.quantity_committed, ctx.offer.id, -rest)
    dispatch.returned_quantity = rest
    dispatch.returned_to_offer = not capacity_gone
    await rematch_if_short(session, ctx.need)


async def rematch_if_short(session: AsyncSession, need: Need) -> None:
    """Units handed back to a live need: ask for the incident's debounced round."""
    if need.status in ACTIVE:
        await rounds.request_automatic(session, need.incident_id)
