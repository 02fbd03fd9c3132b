"""An offer's changes as partners hear of them (domain/kernel/changes.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import changes
from domain.kernel.db.versions import next_version
from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import to_global_id
from domain.offers.model import Offer
from domain.registry.model import Organization, Volunteer


def offer_data(offer: Offer) -> dict[str, Any]:
    return {
        "offerId": to_global_id("Offer", offer.id),
        "organizationId": to_global_id("Organization", offer.organization_id)
        if offer.organization_id
        else None,
        "categoryCode": offer.category_code,
        "quantity": offer.quantity,
        "quantityCommitted": offer.quantity_committed,
        "quantityProposed": offer.quantity_proposed,
        "availableFrom": offer.available_from.isoformat(),
        "availableUntil": offer.available_until.isoformat(),
        "serviceRegionCodes": list(offer.service_region_codes),
    }


async def _places(session: AsyncSession, offer: Offer) -> tuple[str, ...]:
    """Where an offer lies: its service regions; an offer reaching by radius alone lies
    where its provider is registered."""
    if offer.service_region_codes:
        return tuple(offer.service_region_codes)
    if offer.organization_id is not None:
        home = select(Organization.region_code).where(Organization.id == offer.organization_id)
    else:
        home = select(Volunteer.region_code).where(Volunteer.id == offer.volunteer_id)
    code = await session.scalar(home)
    return (code,) if code else ()


async def announce(session: AsyncSession, offer: Offer, event: WebhookEvent) -> None:
    """Tell partners of the offer as it now is. Offers are public, like needs."""
    await next_version(session, Offer, offer.id)
    await session.refresh(offer)
    change = changes.Change(
        event=event,
        kind="Offer",
        object_id=offer.id,
        version=offer.version,
        status=offer.status.value,
        data=offer_data(offer),
        region_codes=await _places(session, offer),
        organization_id=offer.organization_id,
        public=True,
    )
    changes.announce(session, change)
