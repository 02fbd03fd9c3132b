"""Units held for an allocation: each side's counter grows in one guarded statement, so
that rounds, pledges and assignments running at once never promise more than there is."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.db import counters
from domain.kernel.enums import NeedStatus, OfferStatus
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer


async def on_offer(session: AsyncSession, counter: Any, offer_id: uuid.UUID, quantity: int) -> bool:
    """`counter += quantity` on the offer while it is AVAILABLE and that much is free."""
    held = await session.execute(
        update(Offer)
        .where(
            Offer.id == offer_id,
            Offer.status == OfferStatus.AVAILABLE,
            Offer.quantity_committed + Offer.quantity_proposed + quantity <= Offer.quantity,
        )
        .values({counter: counter + quantity})
    )
    return int(held.rowcount) == 1  # type: ignore[attr-defined]


async def on_need(
    session: AsyncSession,
    counter: Any,
    need_id: uuid.UUID,
    quantity: int,
    statuses: Iterable[NeedStatus],
) -> bool:
    """`counter += quantity` on the need while its status is one of `statuses` and it
    still lacks that much."""
    held = await session.execute(
        update(Need)
        .where(
            Need.id == need_id,
            Need.status.in_(tuple(statuses)),
            Need.quantity_allocated + Need.quantity_proposed + quantity <= Need.quantity,
        )
        .values({counter: counter + quantity})
    )
    return int(held.rowcount) == 1  # type: ignore[attr-defined]


async def release_proposed(session: AsyncSession, allocation: Allocation) -> None:
    """A proposal declined, vetoed or lapsed: its units are free again on both sides (the
    offer first, the order in which every decision locks them)."""
    quantity = -allocation.quantity
    await counters.add(session, Offer.quantity_proposed, allocation.offer_id, quantity)
    await counters.add(session, Need.quantity_proposed, allocation.need_id, quantity)
