"""The optimal matching: a min-cost flow solved exactly by OR-tools.

Network (all integer):

    offer j --(pair arc: cap min(q_i, q_j), cost +penalty)--> need i
    need i  --(3 tier arcs: cap = tier size, cost -gain[tier, urgency])--> sink
    offer j --(bypass: cap q_j, cost 0)--> sink

Each offer supplies its free quantity and the sink absorbs all of it, so capacity that
helps no need flows through the bypass at no gain. Minimising cost maximises gain minus
penalties; scoring.py explains why the weights make that objective lexicographic.
Connected components of the pair graph are solved as separate flows, shared with worker
processes when the instance is large (domain/kernel/flows.py); whoever solves a batch,
the result is the same.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from domain.kernel.flows import Network, solve_all
from domain.matching.candidates import CandidatePairs, candidate_pairs
from domain.matching.explain import build_allocations
from domain.matching.model import (
    MatchResult,
    MatchStats,
    NeedSpec,
    OfferSpec,
    ProposedAllocation,
    Urgency,
)
from domain.matching.persons import Held, busy_pairs, clashes
from domain.matching.scoring import (
    URGENCY_LEVEL,
    Weights,
    objective_value,
    pair_penalty,
    tier_capacities,
)
from domain.matching.shortfall import NeedShortfall, ShortfallCode, explain_shortfalls

IntArray = NDArray[np.int64]
# Pack small components into one solver call up to about this many pair arcs: it saves
# thousands of tiny calls, and disjoint components in one network do not interact.
_BATCH_ARCS = 20_000


def optimal_allocate(
    needs: Iterable[NeedSpec],
    offers: Iterable[OfferSpec],
    now: datetime,
    *,
    units: Mapping[str, str] | None = None,
) -> MatchResult:
    """Coverage-first, urgency-second, nearest-third allocation of offers to needs."""
    return _timed_match(needs, offers, now, units, {}, {})[0]


def match_and_explain(
    needs: Iterable[NeedSpec],
    offers: Iterable[OfferSpec],
    now: datetime,
    *,
    units: Mapping[str, str] | None = None,
    withheld: Mapping[tuple[str, str], ShortfallCode] | None = None,
    spent: Sequence[OfferSpec] = (),
    holders: Mapping[str, Sequence[tuple[str, Urgency]]] | None = None,
    busy: Mapping[str, Sequence[Held]] | None = None,
) -> tuple[MatchResult, tuple[NeedShortfall, ...]]:
    """The optimal allocation, leaving out the `withheld` (need id, offer id) pairs, and
    why each need it leaves short is short (see shortfall.py for `spent` and `holders`).
    `busy` gives, per person (OfferSpec.person), the assignments they hold already (need
    id, start, end): none of their pairs meeting one for another need is proposed."""
    left_out = dict(withheld or {})
    result, pairs = _timed_match(needs, offers, now, units, left_out, busy or {})
    shortfalls = explain_shortfalls(pairs, result, now, left_out, spent=spent, holders=holders)
    return result, shortfalls


def _timed_match(
    needs: Iterable[NeedSpec],
    offers: Iterable[OfferSpec],
    now: datetime,
    units: Mapping[str, str] | None,
    withheld: dict[tuple[str, str], ShortfallCode],
    busy: Mapping[str, Sequence[Held]],
) -> tuple[MatchResult, CandidatePairs]:
    """The match; `withheld` gains the pairs left out because their person was busy."""
    started = time.perf_counter()
    needs, offers = list(needs), list(offers)
    for pair in busy_pairs(needs, offers, now, busy):
        withheld.setdefault(pair, ShortfallCode.VOLUNTEER_BUSY)
    pairs = candidate_pairs(needs, offers, now, withheld=withheld)
    found = time.perf_counter()
    result = solve_pairs(pairs, units=units)
    # A person proposed for two overlapping assignments keeps one; solve again without
    # the others. Each pass leaves out a proposed pair, so this ends.
    while clashing := clashes(result, needs, offers, now):
        for pair in clashing:
            withheld.setdefault(pair, ShortfallCode.VOLUNTEER_BUSY)
        pairs = candidate_pairs(needs, offers, now, withheld=withheld)
        result = solve_pairs(pairs, units=units)
    solved = time.perf_counter()
    stats = MatchStats(
        needs=result.stats.needs,
        offers=result.stats.offers,
        candidate_pairs=result.stats.candidate_pairs,
        allocated_units=result.stats.allocated_units,
        candidate_seconds=found - started,
        solve_seconds=solved - found,
    )
    return MatchResult(result.allocations, result.objective, stats), pairs


def solve_pairs(pairs: CandidatePairs, *, units: Mapping[str, str] | None = None) -> MatchResult:
    """Solve the flow over precomputed candidate pairs (lets callers time the two steps)."""
    n, m, p = len(pairs.needs), len(pairs.offers), len(pairs)
    if p == 0:
        return MatchResult((), 0, MatchStats(n, m, 0, 0))
    need_qty = np.array([x.quantity for x in pairs.needs], dtype=np.int64)
    covered = np.array([x.covered for x in pairs.needs], dtype=np.int64)
    offer_qty = np.array([x.quantity for x in pairs.offers], dtype=np.int64)
    urgency = np.array([URGENCY_LEVEL[x.urgency] for x in pairs.needs], dtype=np.int64)
    penalty = pair_penalty(pairs.distance_km, pairs.slack_hours, pairs.skill_gap)
    ni, oj = pairs.need_index, pairs.offer_index

    batches = _batches(ni, oj, n, m)
    networks = [
        _network(ni[b], oj[b], penalty[b], k, need_qty, covered, offer_qty, urgency)
        for b, k in batches
    ]
    pair_flow = np.zeros(p, dtype=np.int64)
    parts: list[tuple[IntArray, tuple[ProposedAllocation, ...]]] = []

    def explain(k: int, flows: IntArray) -> None:
        # Each need lies in one batch, so its allocations can be built as soon as that batch
        # is solved, while worker processes solve the others.
        batch = batches[k][0]
        pair_flow[batch] = flows
        chosen = batch[flows > 0]
        # Credit each need's first tier to its cheapest (nearest, timeliest) offer.
        chosen = chosen[np.lexsort((oj[chosen], penalty[chosen], ni[chosen]))]
        parts.append((ni[chosen], build_allocations(pairs, chosen, pair_flow[chosen], units)))

    solve_all(networks, explain)
    # Batches finish in any order; a stable sort by need restores the canonical one.
    built = [allocation for _, part in parts for allocation in part]
    by_need = np.argsort(np.concatenate([rows for rows, _ in parts]), kind="stable")
    allocations = tuple(built[i] for i in by_need.tolist())
    chosen = np.flatnonzero(pair_flow > 0)
    need_total = np.zeros(n, dtype=np.int64)
    np.add.at(need_total, ni[chosen], pair_flow[chosen])
    # Batches were solved with their own (smaller, equally valid) weights; they share the
    # lexicographic optimum, so the objective is reported with the whole instance's weights.
    objective = objective_value(
        need_total,
        need_qty,
        urgency,
        int((penalty[chosen] * pair_flow[chosen]).sum()),
        Weights.for_instance(n, m),
        covered,
    )
    return MatchResult(allocations, objective, MatchStats(n, m, p, int(pair_flow.sum())))


def _batches(ni: IntArray, oj: IntArray, n: int, m: int) -> list[tuple[IntArray, int]]:
    """Pair positions grouped by connected component, small components packed together,
    each batch with the largest min(needs, offers) of its components.

    Components share nothing but the sink, so they are independent problems; cost
    scaling is superlinear, so solving them apart is about twice as fast at 10^6 pairs.
    A component as large as a batch is solved alone for the same reason.
    """
    graph = coo_matrix((np.ones(len(ni), dtype=np.int8), (ni, oj + n)), shape=(n + m, n + m))
    count, labels = connected_components(graph, directed=False)
    # Every node of a component with pairs is in a pair, so these count its needs and offers.
    side = np.minimum(
        np.bincount(labels[:n], minlength=count), np.bincount(labels[n:], minlength=count)
    )
    component = labels[ni]
    order = np.argsort(component, kind="stable")
    ordered = component[order]
    run_starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    block = run_starts // _BATCH_ARCS
    cuts = run_starts[np.r_[False, block[1:] != block[:-1]]]
    sizes = np.diff(np.r_[run_starts, len(ordered)])
    # A large component starts a batch of its own and ends it.
    big = run_starts[sizes >= _BATCH_ARCS]
    cuts = np.union1d(cuts, np.r_[big, big + sizes[sizes >= _BATCH_ARCS]])
    cuts = cuts[(cuts > 0) & (cuts < len(ordered))]
    return [
        (part, int(side[ordered_part].max()))
        for part, ordered_part in zip(np.split(order, cuts), np.split(ordered, cuts), strict=True)
    ]


def _network(
    ni: IntArray,
    oj: IntArray,
    penalty: IntArray,
    side: int,
    need_qty: IntArray,
    covered: IntArray,
    offer_qty: IntArray,
    urgency: IntArray,
) -> Network:
    """The flow network of one batch of whole components; its first arcs are the pairs'.

    The weights need the cycle bound K of scoring.py for each component only, not for the
    batch: a simple cycle of a residual graph stays inside one component (only the sink
    joins components, and a simple cycle passes it once), so its offer->need arcs pair
    distinct offers with distinct needs of that component. The largest side among the
    batch's components is thus a valid bound for every cycle in it, and a smaller bound
    means smaller costs, which cost scaling solves in fewer phases.
    """
    needs, a = np.unique(ni, return_inverse=True)
    offers, b = np.unique(oj, return_inverse=True)
    nb, mb = len(needs), len(offers)
    nq, oq = need_qty[needs], offer_qty[offers]
    weights = Weights.for_instance(side, side)
    weights.check_fits(nb + mb + 1, int(oq.sum()))

    # Node ids: offers 0..mb-1, needs mb..mb+nb-1, sink mb+nb.
    sink = mb + nb
    return Network(
        tails=np.concatenate([b, np.repeat(np.arange(mb, sink), 3), np.arange(mb)]),
        heads=np.concatenate([a + mb, np.full(3 * nb + mb, sink)]),
        capacities=np.concatenate(
            [np.minimum(nq[a], oq[b]), tier_capacities(nq, covered[needs]).ravel(), oq]
        ),
        costs=np.concatenate(
            [penalty, -weights.gains(urgency[needs]).ravel(), np.zeros(mb, dtype=np.int64)]
        ),
        supplies=np.concatenate([oq, np.zeros(nb, dtype=np.int64), [-oq.sum()]]),
        returned=len(ni),
    )
