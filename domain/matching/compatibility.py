"""The one compatibility rule between a need and an offer, and what breaks it.

Rounds (candidates.py), a provider's pledge, an office's assignment and the reasons a
need stays short all judge a pair by these checks, so they can never disagree.
"""

from __future__ import annotations

import enum
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from domain.kernel.regions import subtree_prefix
from domain.matching.model import GeoPoint, NeedSpec, OfferSpec

EARTH_RADIUS_KM = 6371.0088
FloatArray = NDArray[np.float64]


class Incompatibility(enum.Enum):
    """Why an offer cannot serve a need, in the order they are checked."""

    CATEGORY_MISMATCH = "CATEGORY_MISMATCH"
    OUTSIDE_SERVICE_AREA = "OUTSIDE_SERVICE_AREA"
    OUTSIDE_TIME_WINDOW = "OUTSIDE_TIME_WINDOW"
    SKILLS_MISSING = "SKILLS_MISSING"
    OUTSIDE_AVAILABILITY = "OUTSIDE_AVAILABILITY"


def haversine(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Great-circle distances between paired points, in kilometres (vectorised)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def haversine_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance between two points, in kilometres."""
    return float(
        haversine(
            np.array([a.latitude]),
            np.array([a.longitude]),
            np.array([b.latitude]),
            np.array([b.longitude]),
        )[0]
    )


def deadline(need: NeedSpec, now: datetime) -> datetime:
    # An overdue need is still wanted: it is due now rather than never.
    return max(need.needed_by, now)


def reaches(need: NeedSpec, offer: OfferSpec, distance_km: float | None) -> bool:
    """The offer's service area holds the need's region, or its radius the need's point."""
    if any(need.region_code.startswith(subtree_prefix(c)) for c in offer.service_region_codes):
        return True
    return (
        distance_km is not None
        and offer.max_travel_km is not None
        and (distance_km <= offer.max_travel_km)
    )


def in_window(need: NeedSpec, offer: OfferSpec, now: datetime) -> bool:
    """The offer is available at some moment between now and the need's deadline."""
    start = max(offer.available_from, now)
    return start <= offer.available_until and start <= deadline(need, now)


def span(need: NeedSpec, offer: OfferSpec, now: datetime) -> tuple[datetime, datetime]:
    """When the offer could serve the need: from when it is available (or now) to the
    need's deadline or the offer's end. A person's two assignments overlap when theirs do."""
    return max(offer.available_from, now), min(deadline(need, now), offer.available_until)


def available(need: NeedSpec, offer: OfferSpec, now: datetime) -> bool:
    """A volunteer's own availability (weekly slots, ranges) meets the pair's window;
    true when they never said, or the window is empty (OUTSIDE_TIME_WINDOW says that)."""
    if offer.availability is None:
        return True
    start, end = span(need, offer, now)
    return start > end or offer.availability.overlaps(start, end)


def distance_between(need: NeedSpec, offer: OfferSpec) -> float | None:
    """Kilometres from the offer's base to the need's point, when both are known."""
    if need.location is None or offer.base_location is None:
        return None
    return haversine_km(need.location, offer.base_location)


def incompatibilities(
    need: NeedSpec, offer: OfferSpec, now: datetime
) -> tuple[Incompatibility, ...]:
    """Every check the pair fails; empty when the offer may serve the need."""
    if need.category_code != offer.category_code:
        return (Incompatibility.CATEGORY_MISMATCH,)
    failed: list[Incompatibility] = []
    if not reaches(need, offer, distance_between(need, offer)):
        failed.append(Incompatibility.OUTSIDE_SERVICE_AREA)
    if not in_window(need, offer, now):
        failed.append(Incompatibility.OUTSIDE_TIME_WINDOW)
    if not need.required_skills <= offer.skills:
        failed.append(Incompatibility.SKILLS_MISSING)
    if not available(need, offer, now):
        failed.append(Incompatibility.OUTSIDE_AVAILABILITY)
    return tuple(failed)


def is_compatible(need: NeedSpec, offer: OfferSpec, now: datetime) -> bool:
    """The rule candidate_pairs applies, for one pair (e.g. to check a direct pledge)."""
    return not incompatibilities(need, offer, now)
