"""Turn chosen pair quantities into ProposedAllocations with their reasons."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from domain.kernel.regions import subtree_prefix
from domain.matching.candidates import CandidatePairs
from domain.matching.model import (
    CoverageTier,
    Explanation,
    OfferSpec,
    ProposedAllocation,
    ServedVia,
)
from domain.matching.scoring import TIERS, tier_ends

DEFAULT_UNIT = "units"


class _CoveringCodes:
    """The offer's service code covering a region, the most specific one: the most telling
    to show a coordinator. National rounds ask for thousands of offers, so each offer's
    prefixes are worked out once, most specific first, and an offer with a single code
    (most of them) answers without a look: its pairs reach the region through that code.
    """

    def __init__(self) -> None:
        self._prefixes: dict[int, str | list[tuple[str, str]]] = {}

    def __call__(self, o_idx: int, offer: OfferSpec, region_code: str) -> str | None:
        prefixes = self._prefixes.get(o_idx)
        if prefixes is None:
            codes = offer.service_region_codes
            # Stable: among equally specific codes the first listed wins.
            listed = sorted(((subtree_prefix(c), c) for c in codes), key=lambda pc: -len(pc[0]))
            prefixes = self._prefixes[o_idx] = codes[0] if len(codes) == 1 else listed
        if isinstance(prefixes, str):
            return prefixes
        for prefix, code in prefixes:
            if region_code.startswith(prefix):
                return code
        return None


def _tiers_used(
    need_index: NDArray[np.int64],
    quantity: NDArray[np.int64],
    need_qty: NDArray[np.int64],
    covered: NDArray[np.int64],
) -> list[tuple[CoverageTier, ...]]:
    """Tiers each allocation's units fall in, counting units per need in array order."""
    # Units already credited to the same need by earlier rows (rows are grouped by need).
    running = np.cumsum(quantity)
    group_start = np.r_[True, need_index[1:] != need_index[:-1]]
    offset = np.maximum.accumulate(np.where(group_start, running - quantity, 0))
    before = running - quantity - offset + covered
    ends = tier_ends(need_qty + covered)
    starts = np.concatenate([np.zeros((len(ends), 1), dtype=np.int64), ends[:, :-1]], axis=1)
    # A tier is used when [before, before + qty) overlaps a non-empty [start, end).
    used = (starts < ends) & (before[:, None] < ends) & ((before + quantity)[:, None] > starts)
    code = used @ np.array([1, 2, 4])
    table = [tuple(t for k, t in enumerate(TIERS) if c >> k & 1) for c in range(8)]
    return [table[c] for c in code.tolist()]


def build_allocations(
    pairs: CandidatePairs,
    chosen: NDArray[np.int64],
    quantities: NDArray[np.int64],
    units: Mapping[str, str] | None = None,
) -> tuple[ProposedAllocation, ...]:
    """Allocations for pair positions `chosen` and their quantities (all > 0).

    Rows must be grouped by need, in each need's fill order: the first row of a need is
    credited with its first (most valuable) tier.
    """
    if len(chosen) == 0:
        return ()
    need_idx = pairs.need_index[chosen]
    need_qty = np.array([pairs.needs[i].quantity for i in need_idx.tolist()], dtype=np.int64)
    covered = np.array([pairs.needs[i].covered for i in need_idx.tolist()], dtype=np.int64)
    tiers = _tiers_used(need_idx, quantities, need_qty, covered)
    unit_of = units or {}
    covering = _CoveringCodes()
    required: dict[int, tuple[str, ...]] = {}
    out: list[ProposedAllocation] = []
    rows = zip(
        need_idx.tolist(),
        pairs.offer_index[chosen].tolist(),
        quantities.tolist(),
        tiers,
        pairs.distance_km[chosen].tolist(),
        pairs.via_radius[chosen].tolist(),
        pairs.slack_hours[chosen].tolist(),
        strict=True,
    )
    for n_idx, o_idx, qty, used, distance, via_radius, slack in rows:
        need, offer = pairs.needs[n_idx], pairs.offers[o_idx]
        if (skills := required.get(n_idx)) is None:
            skills = required[n_idx] = tuple(sorted(need.required_skills))
        explanation = Explanation(
            tiers=used,
            urgency=need.urgency,
            quantity=qty,
            need_quantity=need.quantity + need.covered,
            unit=unit_of.get(need.category_code, DEFAULT_UNIT),
            served_via=ServedVia.TRAVEL_RADIUS if via_radius else ServedVia.SERVICE_AREA,
            need_region_code=need.region_code,
            service_region_code=None if via_radius else covering(o_idx, offer, need.region_code),
            max_travel_km=offer.max_travel_km,
            distance_km=None if math.isnan(distance) else distance,
            slack_hours=slack,
            distance_from_centre=need.location_estimated or offer.base_estimated,
            volunteer=offer.person is not None,
            availability_checked=offer.availability is not None,
            certified_skills=(
                tuple(sorted(need.required_skills & offer.certified)) if offer.certified else ()
            ),
            required_skills=skills,
        )
        out.append(ProposedAllocation(need.id, offer.id, qty, explanation))
    return tuple(out)
