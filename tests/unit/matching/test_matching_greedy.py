"""The first-come baseline and the coverage metrics that compare it with the engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from domain.matching import (
    CoverageTier,
    Explanation,
    NeedSpec,
    OfferSpec,
    ProposedAllocation,
    ServedVia,
    Urgency,
    coverage_report,
    critical_needs_served,
    greedy_allocate,
    optimal_allocate,
    urgency_weighted_coverage,
)

NeedFactory = Callable[..., NeedSpec]
OfferFactory = Callable[..., OfferSpec]


def test_greedy_fills_needs_in_publication_order(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given needs published z first, then a; offers listed o2 first
    needs = [make_need("z", 70), make_need("a", 70)]
    offers = [make_offer("o2", 50), make_offer("o1", 50)]
    # when the greedy baseline runs
    result = greedy_allocate(needs, offers, now)
    # then z is filled from o2 then o1, and a gets what is left of o1
    assert [(a.need_id, a.offer_id, a.quantity) for a in result.allocations] == [
        ("z", "o2", 50),
        ("z", "o1", 20),
        ("a", "o1", 30),
    ]


def test_engine_beats_greedy_on_urgency_weighted_coverage(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a LOW need published before a CRITICAL one, and capacity for one of them
    needs = [
        make_need("early-low", 100, urgency=Urgency.LOW),
        make_need("late-critical", 100, urgency=Urgency.CRITICAL),
    ]
    offers = [make_offer("o1", 100)]
    # when both allocate
    greedy = greedy_allocate(needs, offers, now)
    engine = optimal_allocate(needs, offers, now)
    # then greedy spends everything on the LOW need; the engine covers half of each
    # (coverage first: the LOW need's 25-50% tier outranks the CRITICAL need's last half)
    assert critical_needs_served(needs, greedy.allocations) == 0
    assert critical_needs_served(needs, engine.allocations) == 1
    greedy_uwc = urgency_weighted_coverage(needs, greedy.allocations)
    engine_uwc = urgency_weighted_coverage(needs, engine.allocations)
    assert greedy_uwc == pytest.approx(1 / 9)
    assert engine_uwc == pytest.approx((8 * 0.5 + 1 * 0.5) / 9)
    assert engine.objective > greedy.objective


def test_coverage_report_counts_critical_needs_and_caps_coverage(make_need: NeedFactory) -> None:
    # given two CRITICAL needs, one over-served on paper, and a MEDIUM one untouched
    needs = [
        make_need("c1", 10, urgency=Urgency.CRITICAL),
        make_need("c2", 10, urgency=Urgency.CRITICAL),
        make_need("m1", 10, urgency=Urgency.MEDIUM),
    ]
    why = Explanation(
        tiers=(CoverageTier.FIRST_QUARTER,),
        urgency=Urgency.CRITICAL,
        quantity=15,
        need_quantity=10,
        unit="units",
        served_via=ServedVia.SERVICE_AREA,
        need_region_code="341503",
        service_region_code="341500",
        max_travel_km=None,
        distance_km=None,
        slack_hours=1.0,
    )
    allocations = [ProposedAllocation("c1", "o1", 15, why)]
    # when the report is made
    report = coverage_report(needs, allocations)
    # then coverage counts at most the full need, and one critical need is served
    assert report.urgency_weighted_coverage == pytest.approx(8 / 18)
    assert (report.critical_needs, report.critical_needs_served) == (2, 1)
    assert report.allocated_units == 15
    # and an allocation to an unknown need is refused
    with pytest.raises(ValueError, match="unknown need"):
        coverage_report(needs[1:], allocations)
