"""Offers past their window expire and let go of what they held."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.db.base import utcnow
from domain.kernel.enums import OfferStatus, WebhookEvent
from domain.matching import proposals, rounds
from domain.offers import changes as offer_changes
from domain.offers.model import Offer


async def expire_offers(session: AsyncSession, now: datetime | None = None) -> int:
    """The periodic job: an AVAILABLE offer whose `available_until` has passed becomes
    EXPIRED; its pending proposals lapse, handing their units back to the needs, and its
    free capacity leaves matching and pledges. Units already committed stay with their
    dispatches."""
    now = now or utcnow()
    due = (
        await session.scalars(
            select(Offer.id)
            .where(Offer.status == OfferStatus.AVAILABLE, Offer.available_until <= now)
            .order_by(Offer.id)
        )
    ).all()
    expired = 0
    short_again: set[uuid.UUID] = set()
    for offer_id in due:
        # Offers are locked before allocations and needs, as everywhere; read again
        # under the lock, since the provider may have widened the window meanwhile.
        offer = await session.get(Offer, offer_id, with_for_update=True, populate_existing=True)
        if (
            offer is None
            or offer.status is not OfferStatus.AVAILABLE
            or offer.available_until > now
        ):
            continue
        lapsed = await proposals.release_proposals(session, offer_id=offer.id)
        short_again |= {a.need_id for a in lapsed}
        offer.status = OfferStatus.EXPIRED
        await offer_changes.announce(session, offer, WebhookEvent.OFFER_UPDATED)
        expired += 1
    # The needs its proposals held are short again: other offers may cover them.
    await rounds.request_automatic_for_needs(session, short_again)
    return expired
