"""Rows as the engine sees them (NeedSpec, OfferSpec), and the pair rule checked on rows.

A round sees what is still to cover and what is still free; a pledge or an office's
assignment is judged by the same compatibility checks on the whole need and offer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.enums import NeedStatus
from domain.kernel.errors import DomainError, ErrorCode, UserError
from domain.matching.compatibility import Incompatibility, incompatibilities
from domain.matching.model import GeoPoint, NeedSpec, OfferSpec
from domain.matching.providers import NO_FACTS, ProviderFacts, centre_of, facts_for
from domain.matching.shortfall import ShortfallCode
from domain.needs.model import Need
from domain.needs.services import ACTIVE
from domain.offers.model import Offer
from domain.offers.services import free_capacity


def _point(latitude: float | None, longitude: float | None) -> GeoPoint | None:
    return GeoPoint(latitude, longitude) if latitude is not None and longitude is not None else None


def _need(need: Need, quantity: int, covered: int) -> NeedSpec:
    # Without a point of its own, distances start from its county's centre.
    point = _point(need.latitude, need.longitude)
    return NeedSpec(
        id=str(need.id),
        category_code=need.category_code,
        region_code=need.region_code,
        quantity=quantity,
        urgency=need.urgency,
        needed_by=need.needed_by,
        required_skills=frozenset(need.required_skills),
        location=point or centre_of(need.region_code),
        location_estimated=point is None,
        covered=covered,
    )


def _offer(offer: Offer, quantity: int, facts: ProviderFacts | None) -> OfferSpec:
    facts = facts or NO_FACTS
    base = _point(offer.base_latitude, offer.base_longitude)
    return OfferSpec(
        id=str(offer.id),
        category_code=offer.category_code,
        quantity=quantity,
        available_from=offer.available_from,
        available_until=offer.available_until,
        service_region_codes=tuple(offer.service_region_codes),
        base_location=base or facts.home,
        max_travel_km=offer.max_travel_km,
        # A volunteer's offer carries the skills of their profile too.
        skills=frozenset(offer.skills) | facts.skills,
        base_estimated=base is None and facts.home_is_centre,
        person=facts.person,
        availability=facts.availability,
        certified=facts.certified,
    )


def remaining(need: Need) -> int:
    """What a round may still cover: neither allocated nor proposed."""
    return need.quantity - need.quantity_allocated - need.quantity_proposed


def standing_reasons(need: Need) -> list[dict[str, Any]]:
    """Why the need is short now, so that every gap says why: the last round's reasons
    for what no round could place (or that no round has judged it yet), then the units
    placed that do not count yet, waiting on a provider's answer or on the receipt."""
    if need.status not in ACTIVE or need.shortfall <= 0:
        return []
    reasons: list[dict[str, Any]] = []
    unplaced = remaining(need)
    if unplaced > 0 and need.status is NeedStatus.OVERDUE:
        # rounds leave it out until its office extends it: that comes first
        overdue = {"code": ShortfallCode.PAST_NEEDED_BY.value, "units": unplaced}
        reasons = [overdue, *(need.shortfall_reasons or [])]
    elif unplaced > 0:
        # a need no round has judged yet (just published, or changed) waits for one
        waiting = {"code": ShortfallCode.AWAITING_MATCHING.value, "units": unplaced}
        reasons = list(need.shortfall_reasons or []) or [waiting]
    for code, units in (
        (ShortfallCode.AWAITING_PROVIDER, need.quantity_proposed),
        (ShortfallCode.AWAITING_RECEIPT, need.quantity_awaiting_receipt),
    ):
        if units > 0:
            reasons.append({"code": code.value, "units": units})
    return reasons


def need_spec(need: Need) -> NeedSpec | None:
    """The need as a round sees it: what is still to cover; None when nothing is."""
    left = remaining(need)
    if left <= 0:
        return None
    return _need(need, left, need.quantity_allocated + need.quantity_proposed)


def offer_spec(offer: Offer, facts: ProviderFacts | None = None) -> OfferSpec | None:
    """The offer as a round sees it: its free capacity; None when nothing is free.
    `facts` (providers.facts_for) adds what its provider's profile says."""
    free = free_capacity(offer)
    return None if free <= 0 else _offer(offer, free, facts)


def whole_offer_spec(offer: Offer, facts: ProviderFacts | None = None) -> OfferSpec:
    """The offer with its whole quantity: for judging a pair, not for allocating."""
    return _offer(offer, offer.quantity, facts)


_REFUSALS = {
    Incompatibility.CATEGORY_MISMATCH: (
        ErrorCode.CATEGORY_MISMATCH,
        "The need asks for another category than the offer gives.",
    ),
    Incompatibility.OUTSIDE_SERVICE_AREA: (
        ErrorCode.OUTSIDE_SERVICE_AREA,
        "The need lies outside the offer's service area and travel radius.",
    ),
    Incompatibility.OUTSIDE_TIME_WINDOW: (
        ErrorCode.OUTSIDE_TIME_WINDOW,
        "The offer is not available between now and the need's needed-by time.",
    ),
    Incompatibility.SKILLS_MISSING: (
        ErrorCode.SKILLS_MISSING,
        "The offer lacks skills the need requires.",
    ),
    Incompatibility.OUTSIDE_AVAILABILITY: (
        ErrorCode.OUTSIDE_AVAILABILITY,
        "The volunteer is not available between now and the need's needed-by time.",
    ),
}


async def require_compatible(
    session: AsyncSession, need: Need, offer: Offer, now: datetime, *, field: str
) -> None:
    """Refuse the pair, one userError on `field` per failed check, unless a round could
    propose it (quantities aside)."""
    facts = (await facts_for(session, [offer])).get(offer.id)
    failed = incompatibilities(
        _need(need, need.quantity, 0), _offer(offer, offer.quantity, facts), now
    )
    if failed:
        raise DomainError([UserError((field,), _REFUSALS[f][1], _REFUSALS[f][0]) for f in failed])
