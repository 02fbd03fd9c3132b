"""Rows as the engine sees them (NeedSpec, OfferSpec), and the pair rule checked on rows.

A round sees what is still to cover and what is still free; a pledge or an office's
assignment is judged by the same compatibility checks on the whole need and offer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.kernel.enums import NeedStatus
from domain.kernel.errors import DomainError, ErrorCode, UserError
from domain.matching.compatibility import Incompatibility, incompatibilities
from domain.matching.model import GeoPoint, NeedSpec, OfferSpec
from domain.matching.shortfall import ShortfallCode
from domain.needs.model import Need
from domain.needs.services import ACTIVE
from domain.offers.model import Offer
from domain.offers.services import free_capacity


def _point(latitude: float | None, longitude: float | None) -> GeoPoint | None:
    return GeoPoint(latitude, longitude) if latitude is not None and longitude is not None else None


def _need(need: Need, quantity: int, covered: int) -> NeedSpec:
    return NeedSpec(
        id=str(need.id),
        category_code=need.category_code,
        region_code=need.region_code,
        quantity=quantity,
        urgency=need.urgency,
        needed_by=need.needed_by,
        required_skills=frozenset(need.required_skills),
        location=_point(need.latitude, need.longitude),
        covered=covered,
    )


def _offer(offer: Offer, quantity: int) -> OfferSpec:
    return OfferSpec(
        id=str(offer.id),
        category_code=offer.category_code,
        quantity=quantity,
        available_from=offer.available_from,
        available_until=offer.available_until,
        service_region_codes=tuple(offer.service_region_codes),
        base_location=_point(offer.base_latitude, offer.base_longitude),
        max_travel_km=offer.max_travel_km,
        skills=frozenset(offer.skills),
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


def offer_spec(offer: Offer) -> OfferSpec | None:
    """The offer as a round sees it: its free capacity; None when nothing is free."""
    free = free_capacity(offer)
    return None if free <= 0 else _offer(offer, free)


def whole_offer_spec(offer: Offer) -> OfferSpec:
    """The offer with its whole quantity: for judging a pair, not for allocating."""
    return _offer(offer, offer.quantity)


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
}


def require_compatible(need: Need, offer: Offer, now: datetime, *, field: str) -> None:
    """Refuse the pair, one userError on `field` per failed check, unless a round could
    propose it (quantities aside)."""
    failed = incompatibilities(_need(need, need.quantity, 0), _offer(offer, offer.quantity), now)
    if failed:
        raise DomainError([UserError((field,), _REFUSALS[f][1], _REFUSALS[f][0]) for f in failed])
