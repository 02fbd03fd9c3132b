"""An allocation's changes as partners hear of them (domain/kernel/changes.py): the
office responsible for its need and its provider's organization may hear of one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import changes
from domain.kernel.db.versions import next_version
from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import to_global_id
from domain.kernel.outbox import OBJECT_CHANGED
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer


def _change(
    allocation: Allocation,
    event: WebhookEvent,
    version: int,
    region_code: str,
    category_code: str,
    organization_id: uuid.UUID | None,
) -> changes.Change:
    data: dict[str, Any] = {
        "allocationId": to_global_id("Allocation", allocation.id),
        "needId": to_global_id("Need", allocation.need_id),
        "offerId": to_global_id("Offer", allocation.offer_id),
        "organizationId": to_global_id("Organization", organization_id)
        if organization_id
        else None,
        "roundId": to_global_id("MatchingRound", allocation.round_id)
        if allocation.round_id
        else None,
        "source": allocation.source.value,
        "quantity": allocation.quantity,
        "categoryCode": category_code,
        "regionCode": region_code,
        "expiresAt": allocation.expires_at.isoformat() if allocation.expires_at else None,
        "reason": allocation.decline_reason or allocation.veto_reason,
    }
    return changes.Change(
        event=event,
        kind="Allocation",
        object_id=allocation.id,
        version=version,
        status=allocation.status.value,
        data=data,
        region_codes=(region_code,),
        organization_id=organization_id,
    )


async def announce(
    session: AsyncSession,
    allocation: Allocation,
    event: WebhookEvent,
    *,
    topic: str = OBJECT_CHANGED,
    payload: dict[str, Any] | None = None,
) -> None:
    """Tell partners of the allocation as it now is."""
    await next_version(session, Allocation, allocation.id)
    await session.refresh(allocation)
    need = await session.get(Need, allocation.need_id)
    offer = await session.get(Offer, allocation.offer_id)
    assert need is not None and offer is not None
    change = _change(
        allocation,
        event,
        allocation.version,
        need.region_code,
        need.category_code,
        offer.organization_id,
    )
    changes.announce(session, change, topic=topic, payload=payload)


async def announce_proposed(session: AsyncSession, allocations: Sequence[Allocation]) -> None:
    """A round's new proposals, one event each, read together: two queries however many
    there are. New rows, so each is at its first version."""
    if not allocations:
        return
    await session.flush()
    need_ids = {a.need_id for a in allocations}
    offer_ids = {a.offer_id for a in allocations}
    needs = {
        row.id: row
        for row in await session.execute(
            select(Need.id, Need.region_code, Need.category_code).where(Need.id.in_(need_ids))
        )
    }
    providers = dict(
        (
            await session.execute(
                select(Offer.id, Offer.organization_id).where(Offer.id.in_(offer_ids))
            )
        ).all()
    )
    for allocation in allocations:
        need = needs[allocation.need_id]
        change = _change(
            allocation,
            WebhookEvent.ALLOCATION_PROPOSED,
            allocation.version,
            need.region_code,
            need.category_code,
            providers[allocation.offer_id],
        )
        changes.announce(session, change)
