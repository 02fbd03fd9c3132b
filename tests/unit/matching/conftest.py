"""Builders for matching tests: terse needs and offers around one fixed 'now'."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.matching import GeoPoint, NeedSpec, OfferSpec, Urgency

NOW = datetime(2026, 7, 15, 8, 0, tzinfo=UTC)
# A point in Lu'an, Anhui (341500), home of the default need's Yu'an district (341503).
LUAN = GeoPoint(31.735, 116.52)


def hours(h: float) -> datetime:
    """NOW shifted by h hours."""
    return NOW + timedelta(hours=h)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def make_need() -> Callable[..., NeedSpec]:
    def build(id: str, quantity: int = 100, **kw: Any) -> NeedSpec:
        fields: dict[str, Any] = {
            "category_code": "DRINKING_WATER",
            "region_code": "341503",
            "urgency": Urgency.HIGH,
            "needed_by": hours(30),
            "required_skills": frozenset(),
            "location": LUAN,
        }
        fields.update(kw)
        return NeedSpec(id=id, quantity=quantity, **fields)

    return build


@pytest.fixture
def make_offer() -> Callable[..., OfferSpec]:
    def build(id: str, quantity: int = 100, **kw: Any) -> OfferSpec:
        fields: dict[str, Any] = {
            "category_code": "DRINKING_WATER",
            "available_from": NOW,
            "available_until": hours(96),
            "service_region_codes": ("341500",),
            "base_location": LUAN,
            "max_travel_km": None,
            "skills": frozenset(),
        }
        fields.update(kw)
        return OfferSpec(id=id, quantity=quantity, **fields)

    return build
