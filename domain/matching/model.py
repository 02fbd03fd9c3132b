"""Plain values the matching engine takes and returns: no ORM, no I/O."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.volunteers.availability import Availability


class Urgency(enum.Enum):
    """How urgent a need is, most urgent first."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class CoverageTier(enum.Enum):
    """Slices of a need's quantity; earlier slices weigh more (diminishing returns)."""

    FIRST_QUARTER = "FIRST_QUARTER"  # units 0-25 %
    SECOND_QUARTER = "SECOND_QUARTER"  # units 25-50 %
    SECOND_HALF = "SECOND_HALF"  # units 50-100 %


class ServedVia(enum.Enum):
    """How an offer reaches the need's region."""

    SERVICE_AREA = "SERVICE_AREA"
    TRAVEL_RADIUS = "TRAVEL_RADIUS"


def _require_aware(name: str, value: datetime) -> None:
    # Naive datetimes would compare by wall clock and silently shift windows by hours.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A WGS84 point."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.latitude <= 90.0 and -180.0 <= self.longitude <= 180.0):
            raise ValueError(f"not a WGS84 point: {self.latitude}, {self.longitude}")


@dataclass(frozen=True, slots=True)
class NeedSpec:
    """What the engine sees of a Need: the quantity still to cover and its constraints."""

    id: str
    category_code: str
    region_code: str
    quantity: int
    urgency: Urgency
    needed_by: datetime
    required_skills: frozenset[str] = frozenset()
    location: GeoPoint | None = None
    # The location is its county's centre: the need gave no point of its own.
    location_estimated: bool = False
    # Units of the need already allocated or proposed: `quantity` is what is left, and
    # the coverage tiers count from the whole need, so a half-covered need ranks lower.
    covered: int = 0

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"need {self.id}: quantity must be positive")
        if self.covered < 0:
            raise ValueError(f"need {self.id}: covered cannot be negative")
        _require_aware(f"need {self.id}: needed_by", self.needed_by)


@dataclass(frozen=True, slots=True)
class OfferSpec:
    """What the engine sees of an Offer: its free capacity, window, reach and skills."""

    id: str
    category_code: str
    quantity: int
    available_from: datetime
    available_until: datetime
    service_region_codes: tuple[str, ...] = ()
    base_location: GeoPoint | None = None
    max_travel_km: float | None = None
    skills: frozenset[str] = frozenset()
    # The base is a county's centre (or the volunteer's home): the offer gave none.
    base_estimated: bool = False
    # A volunteer's offer: who serves (one person, never in two overlapping assignments),
    # when they can (None: never said), and the skills they hold a certificate for.
    person: str | None = None
    availability: Availability | None = None
    certified: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"offer {self.id}: quantity must be positive")
        _require_aware(f"offer {self.id}: available_from", self.available_from)
        _require_aware(f"offer {self.id}: available_until", self.available_until)
        if self.available_until < self.available_from:
            raise ValueError(f"offer {self.id}: available window ends before it starts")
        if self.max_travel_km is not None and not (
            math.isfinite(self.max_travel_km) and self.max_travel_km >= 0
        ):
            raise ValueError(f"offer {self.id}: max_travel_km must be a finite number >= 0")


_TIER_WORDS = {
    CoverageTier.FIRST_QUARTER: "first 25%",
    CoverageTier.SECOND_QUARTER: "25-50%",
    CoverageTier.SECOND_HALF: "last 50%",
}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a quantity of an offer went to a need: coverage, urgency, place and time."""

    tiers: tuple[CoverageTier, ...]
    urgency: Urgency
    quantity: int
    need_quantity: int
    unit: str
    served_via: ServedVia
    need_region_code: str
    service_region_code: str | None  # the offer's service code covering the need, if any
    max_travel_km: float | None
    distance_km: float | None
    slack_hours: float  # from when the offer is available (or now) to needed-by
    # The distance is measured from a county's centre: a side gave no point.
    distance_from_centre: bool = False
    # A volunteer's offer: their availability meets the window, the required skills they
    # hold a certificate for, and that no overlapping assignment of theirs was proposed.
    volunteer: bool = False
    availability_checked: bool = False
    certified_skills: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """One English sentence a coordinator can read."""
        tier_words = ", ".join(_TIER_WORDS[t] for t in self.tiers)
        plural = "tier" if len(self.tiers) == 1 else "tiers"
        parts = [
            f"Covers {self.quantity} of {self.need_quantity} {self.unit} ({tier_words} {plural}) "
            f"of a {self.urgency.value} need"
        ]
        if self.served_via is ServedVia.SERVICE_AREA:
            parts.append(
                f"offer serves {self.need_region_code} via its service area"
                f" {self.service_region_code}"
            )
        else:
            parts.append(f"need lies within the offer's {self.max_travel_km:g} km travel radius")
        if self.distance_km is None:
            parts.append("distance unknown")
        else:
            centre = " (distance from the county's centre)" if self.distance_from_centre else ""
            parts.append(f"{self.distance_km:.0f} km away{centre}")
        if self.slack_hours >= 0:
            parts.append(f"available {self.slack_hours:.0f} h before needed-by")
        else:
            parts.append(f"needed-by passed {-self.slack_hours:.0f} h ago; available now")
        parts += self._volunteer_parts()
        return "; ".join(parts) + "."

    def _volunteer_parts(self) -> list[str]:
        if not self.volunteer:
            return []
        parts = []
        if self.availability_checked:
            parts.append("the volunteer is available in that window")
        if self.required_skills:
            held = ", ".join(s.lower().replace("_", " ") for s in self.required_skills)
            certified = ", ".join(s.lower().replace("_", " ") for s in self.certified_skills)
            parts.append(
                f"holds the required skills ({held})"
                + (f", certified in {certified}" if certified else "")
            )
        parts.append("no overlapping assignment of this person is proposed")
        return parts

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping, for storing the reasons beside the allocation."""
        return {
            "tiers": [t.value for t in self.tiers],
            "urgency": self.urgency.value,
            "quantity": self.quantity,
            "need_quantity": self.need_quantity,
            "unit": self.unit,
            "served_via": self.served_via.value,
            "need_region_code": self.need_region_code,
            "service_region_code": self.service_region_code,
            "max_travel_km": self.max_travel_km,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 3),
            "slack_hours": round(self.slack_hours, 3),
            "distance_from_centre": self.distance_from_centre,
            "volunteer": self.volunteer,
            "availability_checked": self.availability_checked,
            "certified_skills": list(self.certified_skills),
            "required_skills": list(self.required_skills),
            "summary": self.summary,
        }


@dataclass(frozen=True, slots=True)
class ProposedAllocation:
    """A quantity of one offer proposed for one need, with the reasons."""

    need_id: str
    offer_id: str
    quantity: int
    explanation: Explanation

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the allocation and its explanation."""
        return {
            "need_id": self.need_id,
            "offer_id": self.offer_id,
            "quantity": self.quantity,
            "explanation": self.explanation.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class MatchStats:
    """Sizes and timings of one run."""

    needs: int
    offers: int
    candidate_pairs: int
    allocated_units: int
    # Timings differ run to run; keep them out of equality so results compare by content.
    candidate_seconds: float = field(default=0.0, compare=False)
    solve_seconds: float = field(default=0.0, compare=False)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome of one matching run; objective is the weighted gain (see scoring)."""

    allocations: tuple[ProposedAllocation, ...]
    objective: int
    stats: MatchStats

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of the whole round's outcome."""
        return {
            "allocations": [a.to_dict() for a in self.allocations],
            "objective": self.objective,
            "stats": {
                "needs": self.stats.needs,
                "offers": self.stats.offers,
                "candidate_pairs": self.stats.candidate_pairs,
                "allocated_units": self.stats.allocated_units,
            },
        }
