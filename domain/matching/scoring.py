"""Integer weights of the matching objective: coverage tiers, urgency, tie-breakers.

Gain of one unit delivered to a need = tier part + urgency part; each unit sent along an
offer->need arc pays a small penalty for distance and tight timing. The engine maximises
total gain minus penalties, and the weights are chosen per instance so that the weighted
sum is *lexicographic*:

1. lexicographically most units in FIRST_QUARTER tiers, then SECOND_QUARTER, then
   SECOND_HALF (coverage first: the first units of every need beat the last of any);
2. among those, the most urgency-weighted units;
3. among those, the least total distance/time penalty.

Why the weights below achieve that. Take an optimal flow f* and any other feasible flow f.
f - f* decomposes into simple cycles of f*'s residual graph, and none has negative cost
(f* is optimal). A simple cycle visits the sink at most once, so it adds one unit to one
sink arc (a tier or the unused-capacity bypass) and removes one from another: it changes
at most one tier/urgency pair. Its offer->need arcs alternate offer and need nodes, so it
uses at most K = min(needs, offers) + 1 of them and their penalties sum to at most
K * PENALTY_MAX in size. If a cycle moved a unit to a higher tier (or out of the bypass),
its gain would be at least TIER_STEP - 3 * URGENCY_STEP > K * PENALTY_MAX, making its cost
negative: impossible. So every cycle is lexicographically <= 0 in the tier counts, hence
so is their sum, which is level 1; as all are <= 0, equal tier counts force every cycle
to keep its tier, and the same argument with URGENCY_STEP > K * PENALTY_MAX gives level 2.
Only the needs and offers a simple cycle can visit count, so K may be taken per connected
component of the pair graph (the engine does: see engine._network).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from domain.matching.model import CoverageTier, Urgency

TIERS: tuple[CoverageTier, ...] = (
    CoverageTier.FIRST_QUARTER,
    CoverageTier.SECOND_QUARTER,
    CoverageTier.SECOND_HALF,
)

URGENCY_LEVEL: dict[Urgency, int] = {
    Urgency.CRITICAL: 4,
    Urgency.HIGH: 3,
    Urgency.MEDIUM: 2,
    Urgency.LOW: 1,
}

# Tie-breakers: distance dominates time fit, both bounded so the argument above holds.
DISTANCE_PENALTY_MAX = 700
DISTANCE_CAP_KM = 1000.0
# An unknown distance ranks behind nearby known offers but ahead of far ones.
UNKNOWN_DISTANCE_KM = 200.0
TIME_PENALTY_MAX = 300
SLACK_CAP_HOURS = 72.0
# A volunteer holding a required skill without a certificate for it ranks behind one who
# holds the certificate (organizations' offers carry no certificates: no penalty).
SKILL_PENALTY_MAX = 200
PENALTY_MAX = DISTANCE_PENALTY_MAX + TIME_PENALTY_MAX + SKILL_PENALTY_MAX

# OR-tools' cost scaling multiplies costs by the node count; keep well inside int64.
_INT64_BUDGET = 2**62


def tier_ends(quantity: NDArray[np.int64]) -> NDArray[np.int64]:
    """Cumulative unit counts at which each tier ends: (ceil q/4, ceil q/2, q) per row."""
    q = np.asarray(quantity, dtype=np.int64)
    return np.stack([(q + 3) // 4, (q + 1) // 2, q], axis=-1)


def tier_capacities(
    quantity: NDArray[np.int64], covered: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """Units left in each tier per need, shape (n, 3); a tier may be empty.

    Tiers are cut from the whole need (covered + quantity), and the covered units fill
    them first: what remains of a half-covered need starts in its 25-50% tier.
    """
    q = np.asarray(quantity, dtype=np.int64)
    done = np.zeros_like(q) if covered is None else np.asarray(covered, dtype=np.int64)
    ends = np.clip(tier_ends(q + done) - done[:, None], 0, None)
    return np.diff(ends, axis=-1, prepend=0)


def pair_penalty(
    distance_km: NDArray[np.float64],
    slack_hours: NDArray[np.float64],
    skill_gap: NDArray[np.float64] | None = None,
) -> NDArray[np.int64]:
    """Per-unit tie-break penalty in [0, PENALTY_MAX]: far away, last-minute and (for a
    volunteer) required skills held without a certificate cost more. `skill_gap` is the
    share of the need's required skills the volunteer has no certificate for."""
    distance = np.where(np.isnan(distance_km), UNKNOWN_DISTANCE_KM, distance_km)
    distance = np.clip(distance, 0.0, DISTANCE_CAP_KM)
    slack = np.clip(slack_hours, 0.0, SLACK_CAP_HOURS)
    dist_part = np.rint(distance / DISTANCE_CAP_KM * DISTANCE_PENALTY_MAX)
    time_part = np.rint((1.0 - slack / SLACK_CAP_HOURS) * TIME_PENALTY_MAX)
    skill_part: NDArray[np.float64] | float = 0.0
    if skill_gap is not None:
        skill_part = np.rint(np.clip(skill_gap, 0.0, 1.0) * SKILL_PENALTY_MAX)
    return (dist_part + time_part + skill_part).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Weights:
    """Per-instance integer steps making the weighted objective lexicographic."""

    urgency_step: int
    tier_step: int

    @classmethod
    def for_instance(cls, n_needs: int, n_offers: int) -> Weights:
        """Weights for an instance with this many needs and offers (see module docstring)."""
        k = min(n_needs, n_offers) + 1
        urgency_step = k * PENALTY_MAX + 1
        spread = (max(URGENCY_LEVEL.values()) - min(URGENCY_LEVEL.values())) * urgency_step
        return cls(urgency_step=urgency_step, tier_step=spread + k * PENALTY_MAX + 1)

    def gain(self, tier: CoverageTier, urgency: Urgency) -> int:
        """Gain of one unit delivered in this tier of a need of this urgency."""
        rank = len(TIERS) - TIERS.index(tier)
        return rank * self.tier_step + URGENCY_LEVEL[urgency] * self.urgency_step

    def gains(self, urgency_level: NDArray[np.int64]) -> NDArray[np.int64]:
        """Per-unit gains, shape (n, 3), for needs with these urgency levels."""
        ranks = np.arange(len(TIERS), 0, -1, dtype=np.int64) * self.tier_step
        return ranks[None, :] + np.asarray(urgency_level, dtype=np.int64)[:, None] * (
            self.urgency_step
        )

    def check_fits(self, n_nodes: int, total_units: int) -> None:
        """Refuse an instance whose costs could overflow the solver's int64 arithmetic."""
        top = self.gain(TIERS[0], Urgency.CRITICAL)
        if top * (n_nodes + 1) >= _INT64_BUDGET or top * max(total_units, 1) >= _INT64_BUDGET:
            raise ValueError("instance too large for exact lexicographic integer weights")


def objective_value(
    need_total: NDArray[np.int64],
    need_quantity: NDArray[np.int64],
    urgency_level: NDArray[np.int64],
    penalty_paid: int,
    weights: Weights,
    covered: NDArray[np.int64] | None = None,
) -> int:
    """Objective of allocating need_total[i] more units to need i (filled tier by tier)."""
    done = np.zeros_like(need_quantity) if covered is None else np.asarray(covered)
    ends = tier_ends(np.asarray(need_quantity, dtype=np.int64) + done)
    total = np.asarray(need_total, dtype=np.int64) + done
    filled = np.clip(total[:, None], 0, ends) - np.clip(done[:, None], 0, ends)
    per_tier = np.diff(filled, axis=-1, prepend=0)
    levels = np.asarray(urgency_level, dtype=np.int64)
    gained = 0
    for t, tier in enumerate(TIERS):
        for urgency, level in URGENCY_LEVEL.items():
            # Unit counts fit int64; gains times counts may not, so multiply as Python ints.
            units = int(per_tier[levels == level, t].sum())
            gained += units * weights.gain(tier, urgency)
    return gained - int(penalty_paid)
