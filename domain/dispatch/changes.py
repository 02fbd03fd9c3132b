"""A dispatch's changes, and its deliveries and receipts, as partners hear of them
(domain/kernel/changes.py): the office responsible for the need and the provider's
organization may hear of them. Deliveries and receipts are facts, written once: their
version is always 1."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch.context import DispatchContext
from domain.dispatch.model import Delivery, Dispatch, Receipt
from domain.kernel import changes
from domain.kernel.db.versions import next_version
from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import to_global_id
from domain.kernel.outbox import OBJECT_CHANGED

RECORDED, CONFIRMED = "RECORDED", "CONFIRMED"


def dispatch_data(ctx: DispatchContext) -> dict[str, Any]:
    dispatch, need, offer = ctx.dispatch, ctx.need, ctx.offer
    return {
        "dispatchId": to_global_id("Dispatch", dispatch.id),
        "code": dispatch.code,
        "quantity": ctx.allocation.quantity,
        "deliveredQuantity": dispatch.delivered_quantity,
        "receivedQuantity": dispatch.received_quantity,
        "allocationId": to_global_id("Allocation", ctx.allocation.id),
        "needId": to_global_id("Need", need.id),
        "offerId": to_global_id("Offer", offer.id),
        "organizationId": to_global_id("Organization", offer.organization_id)
        if offer.organization_id
        else None,
        "categoryCode": need.category_code,
        "regionCode": need.region_code,
        "neededBy": need.needed_by.isoformat(),
    }


def _change(
    ctx: DispatchContext,
    event: WebhookEvent,
    kind: str,
    row: Dispatch | Delivery | Receipt,
    version: int,
    status: str,
    data: dict[str, Any],
) -> changes.Change:
    return changes.Change(
        event=event,
        kind=kind,
        object_id=row.id,
        version=version,
        status=status,
        data=data,
        region_codes=(ctx.need.region_code,),
        organization_id=ctx.offer.organization_id,
        dispatch_id=ctx.dispatch.id,
    )


async def announce(
    session: AsyncSession,
    ctx: DispatchContext,
    event: WebhookEvent,
    *,
    topic: str = OBJECT_CHANGED,
    payload: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Tell partners of the dispatch as it now is."""
    version = await next_version(session, Dispatch, ctx.dispatch.id)
    data = {**dispatch_data(ctx), **(extra or {})}
    change = _change(ctx, event, "Dispatch", ctx.dispatch, version, ctx.dispatch.status.value, data)
    changes.announce(session, change, topic=topic, payload=payload)


def delivery_recorded(session: AsyncSession, ctx: DispatchContext, delivery: Delivery) -> None:
    data = {
        **dispatch_data(ctx),
        "deliveryId": to_global_id("Delivery", delivery.id),
        # What this delivery handed over; the dispatch's own quantity is named apart.
        "quantity": delivery.quantity,
        "dispatchedQuantity": ctx.allocation.quantity,
        "deliveredAt": delivery.delivered_at.isoformat(),
        "note": delivery.note,
        "photoRef": delivery.photo_ref,
    }
    change = _change(ctx, WebhookEvent.DELIVERY_RECORDED, "Delivery", delivery, 1, RECORDED, data)
    changes.announce(session, change)


def delivery_confirmed(session: AsyncSession, ctx: DispatchContext, receipt: Receipt) -> None:
    data = {
        **dispatch_data(ctx),
        "receiptId": to_global_id("Receipt", receipt.id),
        "quantityReceived": receipt.quantity_received,
        "quantityMissing": receipt.quantity_missing,
        "confirmedAt": receipt.confirmed_at.isoformat(),
        "note": receipt.note,
    }
    change = _change(ctx, WebhookEvent.DELIVERY_CONFIRMED, "Receipt", receipt, 1, CONFIRMED, data)
    changes.announce(session, change)
