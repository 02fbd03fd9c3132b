"""The matching engine: a pure function from needs and offers to proposed allocations.

Plain values in (NeedSpec, OfferSpec), MatchResult out; no ORM, no I/O, no framework.
`optimal_allocate` solves the coverage-first objective exactly with OR-tools' min-cost
flow; `greedy_allocate` is the first-come baseline it is measured against.
"""

from domain.matching.candidates import CandidatePairs, candidate_pairs
from domain.matching.compatibility import (
    Incompatibility,
    haversine_km,
    incompatibilities,
    is_compatible,
)
from domain.matching.engine import match_and_explain, optimal_allocate, solve_pairs
from domain.matching.greedy import greedy_allocate
from domain.matching.metrics import (
    METRIC_WEIGHT,
    CoverageReport,
    coverage_report,
    critical_needs_served,
    urgency_weighted_coverage,
)
from domain.matching.model import (
    CoverageTier,
    Explanation,
    GeoPoint,
    MatchResult,
    MatchStats,
    NeedSpec,
    OfferSpec,
    ProposedAllocation,
    ServedVia,
    Urgency,
)
from domain.matching.scoring import URGENCY_LEVEL, Weights, pair_penalty, tier_capacities
from domain.matching.shortfall import NeedShortfall, ShortfallCode, ShortfallReason

__all__ = [
    "METRIC_WEIGHT",
    "URGENCY_LEVEL",
    "CandidatePairs",
    "CoverageReport",
    "CoverageTier",
    "Explanation",
    "GeoPoint",
    "Incompatibility",
    "MatchResult",
    "MatchStats",
    "NeedShortfall",
    "NeedSpec",
    "OfferSpec",
    "ProposedAllocation",
    "ServedVia",
    "ShortfallCode",
    "ShortfallReason",
    "Urgency",
    "Weights",
    "candidate_pairs",
    "coverage_report",
    "critical_needs_served",
    "greedy_allocate",
    "haversine_km",
    "incompatibilities",
    "is_compatible",
    "match_and_explain",
    "optimal_allocate",
    "pair_penalty",
    "solve_pairs",
    "tier_capacities",
    "urgency_weighted_coverage",
]
