"""How well a set of allocations serves the needs: comparable across engines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.matching.model import NeedSpec, ProposedAllocation, Urgency

# Each urgency level counts twice the next: a CRITICAL need left bare outweighs
# a fully served HIGH one, which is how coordinators triage.
METRIC_WEIGHT: dict[Urgency, int] = {
    Urgency.CRITICAL: 8,
    Urgency.HIGH: 4,
    Urgency.MEDIUM: 2,
    Urgency.LOW: 1,
}


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Coverage of a set of needs by a set of allocations."""

    urgency_weighted_coverage: float  # in [0, 1]
    critical_needs: int
    critical_needs_served: int  # CRITICAL needs that got at least one unit
    needs_served: int
    allocated_units: int


def _allocated(
    needs: Iterable[NeedSpec], allocations: Iterable[ProposedAllocation]
) -> tuple[list[NeedSpec], dict[str, int]]:
    need_list = list(needs)
    got = {n.id: 0 for n in need_list}
    for a in allocations:
        if a.need_id not in got:
            raise ValueError(f"allocation to unknown need {a.need_id}")
        got[a.need_id] += a.quantity
    return need_list, got


def coverage_report(
    needs: Iterable[NeedSpec], allocations: Iterable[ProposedAllocation]
) -> CoverageReport:
    """Urgency-weighted coverage plus how many CRITICAL needs got anything."""
    need_list, got = _allocated(needs, allocations)
    total_weight = sum(METRIC_WEIGHT[n.urgency] for n in need_list)
    covered = sum(METRIC_WEIGHT[n.urgency] * min(1.0, got[n.id] / n.quantity) for n in need_list)
    critical = [n for n in need_list if n.urgency is Urgency.CRITICAL]
    return CoverageReport(
        urgency_weighted_coverage=covered / total_weight if total_weight else 1.0,
        critical_needs=len(critical),
        critical_needs_served=sum(1 for n in critical if got[n.id] > 0),
        needs_served=sum(1 for n in need_list if got[n.id] > 0),
        allocated_units=sum(got.values()),
    )


def urgency_weighted_coverage(
    needs: Iterable[NeedSpec], allocations: Iterable[ProposedAllocation]
) -> float:
    """Sum of urgency weight x covered fraction over needs, divided by the total weight."""
    return coverage_report(needs, allocations).urgency_weighted_coverage


def critical_needs_served(
    needs: Iterable[NeedSpec], allocations: Iterable[ProposedAllocation]
) -> int:
    """How many CRITICAL needs received at least one unit."""
    return coverage_report(needs, allocations).critical_needs_served
