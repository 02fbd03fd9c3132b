"""First-come baseline: the way a hotline fills needs without an optimiser.

Needs are served in the order given (order of publication), each filled from its
compatible offers in the order given until it is full or they run out. It exists to show
what the optimal engine buys; its objective is scored with the engine's weights.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import datetime

import numpy as np

from domain.matching.candidates import candidate_pairs
from domain.matching.explain import build_allocations
from domain.matching.model import MatchResult, MatchStats, NeedSpec, OfferSpec
from domain.matching.scoring import URGENCY_LEVEL, Weights, objective_value, pair_penalty


def greedy_allocate(
    needs: Iterable[NeedSpec],
    offers: Iterable[OfferSpec],
    now: datetime,
    *,
    units: Mapping[str, str] | None = None,
) -> MatchResult:
    """Fill needs first-come, first-served from compatible offers in the given order."""
    needs, offers = list(needs), list(offers)
    started = time.perf_counter()
    pairs = candidate_pairs(needs, offers, now)
    found = time.perf_counter()
    n, m = len(pairs.needs), len(pairs.offers)

    # Ranks of the sorted (canonical) entries in the caller's order.
    need_rank = np.empty(n, dtype=np.int64)
    position = {x.id: k for k, x in enumerate(needs)}
    need_rank[:] = [position[x.id] for x in pairs.needs]
    offer_rank = np.empty(m, dtype=np.int64)
    position = {x.id: k for k, x in enumerate(offers)}
    offer_rank[:] = [position[x.id] for x in pairs.offers]

    ni, oj = pairs.need_index, pairs.offer_index
    order = np.lexsort((offer_rank[oj], need_rank[ni]))
    need_left = [x.quantity for x in pairs.needs]
    offer_left = [x.quantity for x in pairs.offers]
    taken = np.zeros(len(pairs), dtype=np.int64)
    for pos, i, j in zip(order.tolist(), ni[order].tolist(), oj[order].tolist(), strict=True):
        q = min(need_left[i], offer_left[j])
        if q > 0:
            taken[pos] = q
            need_left[i] -= q
            offer_left[j] -= q

    # Fill order within a need is the greedy's own order.
    chosen = order[taken[order] > 0]
    allocations = build_allocations(pairs, chosen, taken[chosen], units)
    penalty = pair_penalty(pairs.distance_km, pairs.slack_hours, pairs.skill_gap)
    need_total = np.zeros(n, dtype=np.int64)
    np.add.at(need_total, ni[chosen], taken[chosen])
    objective = objective_value(
        need_total,
        np.array([x.quantity for x in pairs.needs], dtype=np.int64),
        np.array([URGENCY_LEVEL[x.urgency] for x in pairs.needs], dtype=np.int64),
        int((penalty[chosen] * taken[chosen]).sum()),
        Weights.for_instance(n, m),
        np.array([x.covered for x in pairs.needs], dtype=np.int64),
    )
    stats = MatchStats(
        needs=n,
        offers=m,
        candidate_pairs=len(pairs),
        allocated_units=int(taken.sum()),
        candidate_seconds=found - started,
        solve_seconds=time.perf_counter() - found,
    )
    return MatchResult(allocations, objective, stats)
