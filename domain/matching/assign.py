"""An office assigns an offer to one of its needs itself: a proposal like a round's,
which the provider accepts or declines."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.incidents.model import Incident
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    IncidentPhase,
    OfferStatus,
    WebhookEvent,
)
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import ALLOCATION_ASSIGNED
from domain.matching import changes as allocation_changes
from domain.matching import holds
from domain.matching.candidates import candidate_pairs
from domain.matching.explain import build_allocations
from domain.matching.providers import facts_for, provider_barred
from domain.matching.records import Allocation
from domain.matching.rounds import OPEN_NEEDS
from domain.matching.specs import need_spec, offer_spec, remaining, require_compatible
from domain.matching.withheld import responsible_need
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.offers.services import free_capacity

# How long the provider has to answer, unless the deployment says otherwise (as rounds).
DEFAULT_LIFETIME = timedelta(hours=12)
OFFICE_PREFIX = "Assigned by the office. "


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignOffer:
    """Propose `quantity` units of the offer for the need, on the office's own judgement."""

    offer_id: uuid.UUID
    need_id: uuid.UUID
    quantity: int


async def _explanation(
    session: AsyncSession, need: Need, offer: Offer, quantity: int
) -> dict[str, Any]:
    """The engine's own reasons for the pair (tiers, urgency, place, time), marked as the
    office's choice."""
    now = utcnow()
    facts = (await facts_for(session, [offer])).get(offer.id)
    needs, offers = need_spec(need), offer_spec(offer, facts)
    assert needs is not None and offers is not None  # both quantities were checked
    pairs = candidate_pairs([needs], [offers], now)
    unit = await session.scalar(select(Category.unit).where(Category.code == need.category_code))
    built = build_allocations(
        pairs,
        np.zeros(1, dtype=np.int64),
        np.array([quantity], dtype=np.int64),
        {need.category_code: unit} if unit else None,
    )
    reasons = built[0].explanation.to_dict()
    return {**reasons, "kind": "OFFICE", "summary": OFFICE_PREFIX + reasons["summary"]}


async def _usable_offer(session: AsyncSession, offer_id: uuid.UUID) -> Offer:
    offer = await session.get(Offer, offer_id, with_for_update=True)
    if offer is None:
        raise DomainError.single("offer_id", ErrorCode.NOT_FOUND, "No such offer.")
    if offer.status is not OfferStatus.AVAILABLE:
        raise DomainError.single(
            "offer_id", ErrorCode.INVALID_TRANSITION, f"The offer is {offer.status.value}."
        )
    if await provider_barred(session, offer):
        raise DomainError.single(
            "offer_id",
            ErrorCode.PROVIDER_NOT_VERIFIED,
            "The offer's organization is not VERIFIED, or its volunteer was rejected or suspended.",
        )
    return offer


async def assign_offer(
    session: AsyncSession,
    principal: Principal,
    command: AssignOffer,
    *,
    lifetime: timedelta = DEFAULT_LIFETIME,
) -> Allocation:
    """The office responsible for the need proposes the offer for it; refused when a round
    could not propose the pair (category, reach, window, skills) or the units are not free."""
    need = await responsible_need(session, principal, command.need_id, "need_id")
    incident = await session.get(Incident, need.incident_id)
    if need.status not in OPEN_NEEDS or incident is None or incident.phase is IncidentPhase.CLOSED:
        raise DomainError.single(
            "need_id", ErrorCode.INVALID_TRANSITION, f"The need is {need.status.value}."
        )
    offer = await _usable_offer(session, command.offer_id)
    await require_compatible(session, need, offer, utcnow(), field="offer_id")
    quantity = command.quantity
    if quantity <= 0:
        raise DomainError.single("quantity", ErrorCode.INVALID, "Assign a positive quantity.")
    await session.refresh(need)
    explanation = None
    if remaining(need) >= quantity and free_capacity(offer) >= quantity:
        explanation = await _explanation(session, need, offer, quantity)
    if not await holds.on_offer(session, Offer.quantity_proposed, offer.id, quantity):
        raise DomainError.quantity_conflict(
            "quantity", "The offer has not that much free capacity left."
        )
    need_held = await holds.on_need(session, Need.quantity_proposed, need.id, quantity, OPEN_NEEDS)
    if not need_held or explanation is None:
        # Raising rolls the whole unit of work back, the offer's hold included.
        raise DomainError.quantity_conflict(
            "quantity", "The need does not lack that much any more."
        )
    now = utcnow()
    allocation = Allocation(
        need_id=need.id,
        offer_id=offer.id,
        quantity=quantity,
        status=AllocationStatus.PROPOSED,
        source=AllocationSource.OFFICE,
        explanation=explanation,
        expires_at=now + lifetime,
    )
    await audit.created(
        session,
        principal,
        "allocation.assigned",
        allocation,
        region_code=need.region_code,
        details={"quantity": quantity},
    )
    await allocation_changes.announce(
        session,
        allocation,
        WebhookEvent.ALLOCATION_ASSIGNED,
        topic=ALLOCATION_ASSIGNED,
        payload={"allocationId": str(allocation.id)},
    )
    return allocation
