"""Pending proposals: the units they hold go back when they lapse."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.db.base import utcnow
from domain.kernel.enums import AllocationStatus, WebhookEvent
from domain.matching import changes as allocation_changes
from domain.matching import holds, rounds
from domain.matching.records import Allocation
from domain.offers.model import Offer


async def lock_offers(session: AsyncSession, offer_ids: set[uuid.UUID]) -> None:
    """Row locks on these offers, always taken in the same order (no-op on SQLite)."""
    if offer_ids:
        await session.execute(
            select(Offer.id).where(Offer.id.in_(offer_ids)).order_by(Offer.id).with_for_update()
        )


async def release_proposals(
    session: AsyncSession,
    *,
    need_id: uuid.UUID | None = None,
    offer_id: uuid.UUID | None = None,
    offer_ids: Collection[uuid.UUID] | None = None,
    expired_before: datetime | None = None,
) -> list[Allocation]:
    """Lapse PROPOSED allocations (of a need, of offers, or past their expiry),
    handing their units back to both sides. Returns those that lapsed."""
    stmt = select(Allocation).where(Allocation.status == AllocationStatus.PROPOSED)
    if need_id is not None:
        stmt = stmt.where(Allocation.need_id == need_id)
    if offer_id is not None:
        stmt = stmt.where(Allocation.offer_id == offer_id)
    if offer_ids is not None:
        stmt = stmt.where(Allocation.offer_id.in_(offer_ids))
    if expired_before is not None:
        stmt = stmt.where(Allocation.expires_at <= expired_before)
    # Lock in the order accepts, declines and pledges take: offers (by id), then
    # allocations, then needs (by id). Another order deadlocks with them on PostgreSQL.
    await lock_offers(session, {a.offer_id for a in (await session.scalars(stmt)).all()})
    stmt = stmt.order_by(Allocation.need_id, Allocation.id).with_for_update()
    lapsed: list[Allocation] = []
    for allocation in (await session.scalars(stmt)).all():
        # Conditional on the status, so a concurrent accept and an expiry never both win.
        changed = await session.execute(
            update(Allocation)
            .where(Allocation.id == allocation.id, Allocation.status == AllocationStatus.PROPOSED)
            .values(status=AllocationStatus.EXPIRED, decided_at=utcnow())
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        await holds.release_proposed(session, allocation)
        await allocation_changes.announce(session, allocation, WebhookEvent.ALLOCATION_EXPIRED)
        lapsed.append(allocation)
    return lapsed


async def expire_proposals(session: AsyncSession, now: datetime | None = None) -> int:
    """The periodic job: proposals past their expiry hand their units back, and the needs
    they held get another round. Returns how many lapsed."""
    lapsed = await release_proposals(session, expired_before=now or utcnow())
    await rounds.request_automatic_for_needs(session, {a.need_id for a in lapsed})
    return len(lapsed)
