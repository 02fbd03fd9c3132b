"""Which offer may serve which need: category, place, time window and skills.

Pairs are found by joins on indexes, never by testing every need against every offer:
service areas are prefix rules (GB/T 2260), so offers are indexed by (category, service
prefix) and each need looks up its own few prefixes; travel radii use a latitude band
per category. All later filters are vectorised over the pair arrays.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from domain.kernel.flows import PARALLEL_ARCS, warm_up
from domain.matching.compatibility import haversine as _haversine
from domain.matching.compatibility import haversine_km, is_compatible
from domain.matching.model import GeoPoint, NeedSpec, OfferSpec
from domain.matching.persons import available_mask, skill_gaps
from domain.matching.reach import (
    service_area_codes,
    sorted_unique,
    travel_radius_codes,
    union_codes,
)

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
# From this many needs and offers, or pairs, on, the work is shared by two threads.
_SPLIT_SIDES = 5_000
_SPLIT_PAIRS = 400_000
__all__ = ["CandidatePairs", "candidate_pairs", "haversine_km", "is_compatible", "sort_by_id"]


@dataclass(frozen=True, slots=True, eq=False)
class CandidatePairs:
    """Compatible (need, offer) pairs as parallel arrays, ordered by (need id, offer id)."""

    needs: tuple[NeedSpec, ...]  # sorted by id; need_index points here
    offers: tuple[OfferSpec, ...]  # sorted by id; offer_index points here
    need_index: IntArray
    offer_index: IntArray
    distance_km: FloatArray  # NaN when either side has no point
    via_radius: NDArray[np.bool_]  # True when only the travel radius reaches the need
    slack_hours: FloatArray  # from max(available_from, now) to needed_by; < 0 when overdue
    # Volunteers' offers: the share of required skills held without a certificate
    skill_gap: FloatArray

    def __len__(self) -> int:
        return int(self.need_index.shape[0])

    def ids(self) -> list[tuple[str, str]]:
        """The pairs as (need id, offer id), in canonical order."""
        return [
            (self.needs[n].id, self.offers[o].id)
            for n, o in zip(self.need_index.tolist(), self.offer_index.tolist(), strict=True)
        ]


def sort_by_id(
    needs: Iterable[NeedSpec], offers: Iterable[OfferSpec]
) -> tuple[tuple[NeedSpec, ...], tuple[OfferSpec, ...]]:
    """Canonical order (by id) so that input order never changes the result."""
    sorted_needs = tuple(sorted(needs, key=lambda n: n.id))
    sorted_offers = tuple(sorted(offers, key=lambda o: o.id))
    for kind, items in (("need", sorted_needs), ("offer", sorted_offers)):
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate {kind} ids")
    return sorted_needs, sorted_offers


def _contains_sorted(haystack: IntArray, needles: IntArray) -> NDArray[np.bool_]:
    if len(haystack) == 0:
        return np.zeros(len(needles), dtype=bool)
    pos = np.minimum(np.searchsorted(haystack, needles), len(haystack) - 1)
    return np.asarray(haystack[pos] == needles)


def _skill_masks(
    needs: Sequence[NeedSpec], offers: Sequence[OfferSpec]
) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Bit sets over the skills any need requires, 64 skills per word."""
    skills = sorted({s for n in needs for s in n.required_skills})
    bit = {s: i for i, s in enumerate(skills)}
    words = max(1, math.ceil(len(skills) / 64))

    def masks(sets: list[frozenset[str]]) -> NDArray[np.uint64]:
        # Few distinct skill sets recur across thousands of rows: build each one once.
        distinct: dict[frozenset[str], int] = {}
        row_of = np.array([distinct.setdefault(x, len(distinct)) for x in sets], dtype=np.int64)
        out = np.zeros((len(distinct), words), dtype=np.uint64)
        for row, skill_set in enumerate(distinct):
            for s in skill_set:
                b = bit.get(s)
                if b is not None:
                    out[row, b // 64] |= np.uint64(1 << (b % 64))
        return out[row_of]

    return masks([n.required_skills for n in needs]), masks([o.skills for o in offers])


def _points(points: list[GeoPoint | None]) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Latitudes, longitudes (0 where unknown) and which points are known."""
    known = np.array([p is not None for p in points], dtype=bool)
    lat = np.zeros(len(points))
    lon = np.zeros(len(points))
    given = [p for p in points if p is not None]
    lat[known] = [p.latitude for p in given]
    lon[known] = [p.longitude for p in given]
    return lat, lon, known


def _withheld_codes(
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    withheld: Iterable[tuple[str, str]],
    m: int,
) -> IntArray:
    need_at = {n.id: i for i, n in enumerate(needs)}
    offer_at = {o.id: j for j, o in enumerate(offers)}
    found = [need_at[n] * m + offer_at[o] for n, o in withheld if n in need_at and o in offer_at]
    return sorted_unique(np.array(found, dtype=np.int64))


def candidate_pairs(
    needs: Iterable[NeedSpec],
    offers: Iterable[OfferSpec],
    now: datetime,
    *,
    withheld: Iterable[tuple[str, str]] = (),
) -> CandidatePairs:
    """Every compatible (need, offer) pair; see is_compatible for the rule.

    `withheld` (need id, offer id) pairs are left out although compatible: a provider
    declined the need, or the office vetoed the pair.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    s_needs, s_offers = sort_by_id(needs, offers)
    category: dict[str, int] = {}
    need_cat = np.array(
        [category.setdefault(x.category_code, len(category)) for x in s_needs], dtype=np.int64
    )
    offer_cat = np.array(
        [category.setdefault(x.category_code, len(category)) for x in s_offers], dtype=np.int64
    )

    m = max(len(s_offers), 1)
    # numpy lets go of the GIL in its loops: a second thread finds the radius pairs
    # while this one finds the service-area pairs (a national round has many of both).
    if len(s_needs) + len(s_offers) >= _SPLIT_SIDES:
        # numpy lets go of the GIL in its loops: two threads find the service-area pairs
        # and the radius pairs category by category (a national round has many of both).
        with ThreadPoolExecutor(2) as pool:
            area_job = pool.submit(service_area_codes, s_needs, s_offers, need_cat, offer_cat, m)
            radius = travel_radius_codes(s_needs, s_offers, need_cat, offer_cat, m, pool.map)
            area = area_job.result()
    else:
        area = service_area_codes(s_needs, s_offers, need_cat, offer_cat, m)
        radius = travel_radius_codes(s_needs, s_offers, need_cat, offer_cat, m)
    codes, via_radius = union_codes(area, radius)
    if len(codes) >= PARALLEL_ARCS:
        warm_up()  # the solver's workers start while the pairs are checked
    sides = _Sides.of(s_needs, s_offers, now)
    left_out = _withheld_codes(s_needs, s_offers, withheld, m)
    # Past here every step is numpy over the pairs, which lets go of the GIL: two threads
    # check and measure the two halves of a large set (in order, so the order stays).
    if len(codes) >= _SPLIT_PAIRS:
        half = len(codes) // 2
        with ThreadPoolExecutor(1) as other:
            second = other.submit(_checked, codes[half:], via_radius[half:], left_out, sides, m)
            first = _checked(codes[:half], via_radius[:half], left_out, sides, m)
            parts = [first, second.result()]
        columns = [np.concatenate(column) for column in zip(*parts, strict=True)]
        ni, oj, via, distance, slack, gap = columns
    else:
        ni, oj, via, distance, slack, gap = _checked(codes, via_radius, left_out, sides, m)
    return CandidatePairs(
        skill_gap=gap,
        needs=s_needs,
        offers=s_offers,
        need_index=ni,
        offer_index=oj,
        distance_km=distance,
        via_radius=via,
        slack_hours=slack,
    )


@dataclass(frozen=True, slots=True)
class _Sides:
    """What the pair checks read of each need and offer, as arrays."""

    needs: tuple[NeedSpec, ...]
    offers: tuple[OfferSpec, ...]
    now: datetime
    needed_by: FloatArray
    due: FloatArray
    start: FloatArray  # max(available_from, now)
    open: NDArray[np.bool_]  # the offer's window is not over by now
    need_skills: NDArray[np.uint64]
    offer_skills: NDArray[np.uint64]
    need_point: tuple[FloatArray, FloatArray, NDArray[np.bool_]]
    offer_point: tuple[FloatArray, FloatArray, NDArray[np.bool_]]

    @classmethod
    def of(
        cls, needs: tuple[NeedSpec, ...], offers: tuple[OfferSpec, ...], now: datetime
    ) -> _Sides:
        # Time window: the offer must be available at some moment of [now, deadline].
        now_ts = now.timestamp()
        needed_by = np.array([n.needed_by.timestamp() for n in needs], dtype=np.float64)
        start = np.array([o.available_from.timestamp() for o in offers], dtype=np.float64)
        start = np.maximum(start, now_ts)
        until = np.array([o.available_until.timestamp() for o in offers], dtype=np.float64)
        need_skills, offer_skills = _skill_masks(needs, offers)
        return cls(
            needs=needs,
            offers=offers,
            now=now,
            needed_by=needed_by,
            due=np.maximum(needed_by, now_ts),
            start=start,
            open=start <= until,
            need_skills=need_skills,
            offer_skills=offer_skills,
            need_point=_points([n.location for n in needs]),
            offer_point=_points([o.base_location for o in offers]),
        )


def _checked(
    codes: IntArray, via_radius: NDArray[np.bool_], left_out: IntArray, sides: _Sides, m: int
) -> tuple[IntArray, IntArray, NDArray[np.bool_], FloatArray, FloatArray, FloatArray]:
    """The pairs among `codes` that pass the time, skill, withheld and availability
    checks: need and offer indexes, radius-only flags, distance, slack and skill gap."""
    ni, oj = np.divmod(codes, m)
    if len(codes):
        keep = sides.open[oj] & (sides.start[oj] <= sides.due[ni])
        if sides.need_skills.any():
            need_skills, offer_skills = sides.need_skills, sides.offer_skills
            if need_skills.shape[1] == 1:  # the usual case: one word, no 2-d gather
                keep &= (need_skills[:, 0][ni] & ~offer_skills[:, 0][oj]) == 0
            else:
                keep &= np.all((need_skills[ni] & ~offer_skills[oj]) == 0, axis=1)
        if left_out.size:
            keep &= ~_contains_sorted(left_out, codes)
        keep &= available_mask(sides.needs, sides.offers, ni, oj, keep, sides.now)
        ni, oj, via_radius = ni[keep], oj[keep], via_radius[keep]
    (n_lat, n_lon, has_point), (o_lat, o_lon, has_base) = sides.need_point, sides.offer_point
    distance = np.full(len(ni), np.nan)
    known = has_point[ni] & has_base[oj]
    kn, ko = ni[known], oj[known]
    distance[known] = _haversine(n_lat[kn], n_lon[kn], o_lat[ko], o_lon[ko])
    slack = (sides.needed_by[ni] - sides.start[oj]) / 3600.0
    gap = skill_gaps(sides.needs, sides.offers, ni, oj)
    return ni, oj, via_radius, distance, slack, gap
