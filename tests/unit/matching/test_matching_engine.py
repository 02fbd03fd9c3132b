"""The optimal engine: coverage first, then urgency, then distance and time fit."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from domain.matching import (
    CoverageTier,
    GeoPoint,
    MatchResult,
    NeedSpec,
    OfferSpec,
    ServedVia,
    Urgency,
    optimal_allocate,
)

NeedFactory = Callable[..., NeedSpec]
OfferFactory = Callable[..., OfferSpec]


def given(result: MatchResult) -> dict[tuple[str, str], int]:
    """Allocated quantity per (need id, offer id)."""
    return {(a.need_id, a.offer_id): a.quantity for a in result.allocations}


def per_need(result: MatchResult) -> dict[str, int]:
    totals: dict[str, int] = {}
    for a in result.allocations:
        totals[a.need_id] = totals.get(a.need_id, 0) + a.quantity
    return totals


def test_scarce_capacity_reaches_every_critical_need_first(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given one offer of 100 and four CRITICAL needs of 100 each
    needs = [make_need(f"n{i}", 100, urgency=Urgency.CRITICAL) for i in range(4)]
    offers = [make_offer("o1", 100)]
    # when the engine runs
    result = optimal_allocate(needs, offers, now)
    # then every need gets its first quarter rather than one need getting everything
    assert per_need(result) == {"n0": 25, "n1": 25, "n2": 25, "n3": 25}
    assert all(a.explanation.tiers == (CoverageTier.FIRST_QUARTER,) for a in result.allocations)


def test_first_quarter_of_a_low_need_beats_the_rest_of_a_critical_one(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given 60 units for a CRITICAL and a LOW need of 100 each
    needs = [
        make_need("crit", 100, urgency=Urgency.CRITICAL),
        make_need("low", 100, urgency=Urgency.LOW),
    ]
    # when the engine runs
    result = optimal_allocate(needs, [make_offer("o1", 60)], now)
    # then both first quarters are covered, and the 10 left go to the CRITICAL need
    assert per_need(result) == {"crit": 35, "low": 25}


def test_urgency_orders_needs_within_a_tier(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given 30 units for a MEDIUM and a HIGH need, whose first quarters need 50
    needs = [
        make_need("a-medium", 100, urgency=Urgency.MEDIUM),
        make_need("b-high", 100, urgency=Urgency.HIGH),
    ]
    # when the engine runs
    result = optimal_allocate(needs, [make_offer("o1", 30)], now)
    # then the HIGH need's first quarter is filled before the MEDIUM need's
    assert per_need(result) == {"b-high": 25, "a-medium": 5}


def test_distance_breaks_ties(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given one need and two equal offers, 40 km and about 440 km away
    need = make_need("n1", 50, location=GeoPoint(31.735, 116.52))
    near = make_offer("o-near", 50, base_location=GeoPoint(31.735, 116.94))
    far = make_offer("o-far", 50, base_location=GeoPoint(35.69, 116.52))
    # when the engine runs, whatever the offers' order
    result = optimal_allocate([need], [far, near], now)
    # then the nearer offer serves it all
    assert given(result) == {("n1", "o-near"): 50}


def test_time_fit_breaks_ties_at_equal_distance(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given two offers at the same place, one ready 30 h ahead, one with 2 h to spare
    need = make_need("n1", 50, needed_by=now + timedelta(hours=30))
    early = make_offer("o-early", 50)
    late = make_offer("o-late", 50, available_from=now + timedelta(hours=28))
    # when the engine runs
    result = optimal_allocate([need], [late, early], now)
    # then the offer with more slack is chosen
    assert given(result) == {("n1", "o-early"): 50}


def test_coverage_beats_distance(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a near offer able to serve two needs and a far one able to serve only one
    here, far_away = GeoPoint(31.735, 116.52), GeoPoint(34.0, 116.52)
    needs = [
        make_need("n1", 40, location=here),
        make_need("n2", 40, location=here, region_code="341502"),
    ]
    near = make_offer("o-near", 40, base_location=here, service_region_codes=("341500",))
    far = make_offer("o-far", 40, base_location=far_away, service_region_codes=("341503",))
    # when the engine runs
    result = optimal_allocate(needs, [near, far], now)
    # then the far offer is used so that both needs are fully covered
    assert per_need(result) == {"n1": 40, "n2": 40}
    assert given(result)[("n1", "o-far")] == 40


def test_explanation_tells_tier_urgency_place_and_time(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a CRITICAL need of 100 litres 40 km from an offer of 40 serving Lu'an
    need = make_need("n1", 100, urgency=Urgency.CRITICAL, needed_by=now + timedelta(hours=30))
    offer = make_offer("o1", 40, base_location=GeoPoint(31.735, 116.94))
    # when the engine runs with the category's unit
    result = optimal_allocate([need], [offer], now, units={"DRINKING_WATER": "litres"})
    # then the explanation carries the reasons and reads as one sentence
    (allocation,) = result.allocations
    why = allocation.explanation
    assert why.tiers == (CoverageTier.FIRST_QUARTER, CoverageTier.SECOND_QUARTER)
    assert why.urgency is Urgency.CRITICAL
    assert why.served_via is ServedVia.SERVICE_AREA
    assert why.service_region_code == "341500"
    assert why.distance_km == pytest.approx(39.7, abs=0.5)
    assert why.slack_hours == pytest.approx(30.0)
    assert why.summary == (
        "Covers 40 of 100 litres (first 25%, 25-50% tiers) of a CRITICAL need; "
        "offer serves 341503 via its service area 341500; 40 km away; "
        "available 30 h before needed-by."
    )
    stored = json.loads(json.dumps(allocation.to_dict()))
    assert stored["explanation"]["tiers"] == ["FIRST_QUARTER", "SECOND_QUARTER"]
    assert stored["explanation"]["summary"] == why.summary


def test_explanation_with_unknown_distance_and_overdue_need(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given an overdue need with no point, fully coverable by an offer available now
    need = make_need("n1", 8, location=None, needed_by=now - timedelta(hours=5))
    offer = make_offer("o1", 8)
    # when the engine runs
    (allocation,) = optimal_allocate([need], [offer], now).allocations
    # then distance is unknown and the overdue time is told plainly
    why = allocation.explanation
    assert why.distance_km is None
    assert why.tiers == (
        CoverageTier.FIRST_QUARTER,
        CoverageTier.SECOND_QUARTER,
        CoverageTier.SECOND_HALF,
    )
    assert "distance unknown" in why.summary
    assert "needed-by passed 5 h ago; available now" in why.summary
    assert "8 of 8 units" in why.summary


def test_travel_radius_explanation(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a Hubei need reached only through a 50 km travel radius
    need = make_need("n1", 10, region_code="420102", location=GeoPoint(30.5, 114.3))
    offer = make_offer(
        "o1", 10, service_region_codes=(), base_location=GeoPoint(30.6, 114.3), max_travel_km=50
    )
    # when the engine runs
    (allocation,) = optimal_allocate([need], [offer], now).allocations
    # then the explanation says so
    assert allocation.explanation.served_via is ServedVia.TRAVEL_RADIUS
    assert "within the offer's 50 km travel radius; 11 km away" in allocation.explanation.summary


def test_no_pairs_gives_an_empty_result(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given an offer of another category
    offer = make_offer("o1", category_code="TENTS")
    # when the engine runs
    result = optimal_allocate([make_need("n1")], [offer], now)
    # then nothing is allocated
    assert result.allocations == ()
    assert result.objective == 0
    assert result.stats.candidate_pairs == 0


def test_split_need_credits_first_tier_to_the_nearest_offer(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need of 100 and two offers of 50, one near and one far
    need = make_need("n1", 100)
    near = make_offer("o-b-near", 50)
    far = make_offer("o-a-far", 50, base_location=GeoPoint(33.0, 116.52))
    # when the engine runs
    result = optimal_allocate([need], [far, near], now)
    # then both are used, listed nearest first, which holds the first quarter
    first, second = result.allocations
    assert (first.offer_id, second.offer_id) == ("o-b-near", "o-a-far")
    assert first.explanation.tiers == (CoverageTier.FIRST_QUARTER, CoverageTier.SECOND_QUARTER)
    assert second.explanation.tiers == (CoverageTier.SECOND_HALF,)


def test_a_need_already_half_covered_ranks_below_an_untouched_one() -> None:
    # given two CRITICAL needs of 100: one with 75 units already allocated, one with none
    now = datetime(2020, 7, 20, tzinfo=UTC)
    due = now + timedelta(days=1)
    half = NeedSpec("a-half", "FOOD", "341503", 25, Urgency.CRITICAL, due, covered=75)
    fresh = NeedSpec("b-fresh", "FOOD", "341503", 100, Urgency.CRITICAL, due)
    offer = OfferSpec("o", "FOOD", 25, now, now + timedelta(days=3), ("341500",))

    # when 25 units are matched
    result = optimal_allocate([half, fresh], [offer], now)

    # then they go to the untouched need's first tier, not to the last units of the other
    assert [(a.need_id, a.quantity) for a in result.allocations] == [("b-fresh", 25)]
    assert result.allocations[0].explanation.need_quantity == 100
