"""Which offer may serve which need: category, place, time window and skills.

Pairs are found by joins on indexes, never by testing every need against every offer:
service areas are prefix rules (GB/T 2260), so offers are indexed by (category, service
prefix) and each need looks up its own few prefixes; travel radii use a latitude band
per category. All later filters are vectorised over the pair arrays.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from domain.kernel.regions import subtree_prefix
from domain.matching.compatibility import haversine as _haversine
from domain.matching.compatibility import haversine_km, is_compatible
from domain.matching.model import NeedSpec, OfferSpec
from domain.matching.persons import available_mask, skill_gaps

_BAND_CHUNK = 1 << 22  # candidate (offer, need) evaluations held in memory at once

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
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


def _sorted_unique(values: IntArray) -> IntArray:
    # Sort-based: numpy's hash-based unique is several times slower on 10^6 int64 codes.
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _expand(lo: IntArray, hi: IntArray) -> tuple[IntArray, IntArray]:
    """For each k, every position in [lo[k], hi[k]): as (k repeated, position) arrays."""
    counts = hi - lo
    owner = np.repeat(np.arange(len(lo), dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    return owner, lo[owner] + (np.arange(int(counts.sum()), dtype=np.int64) - starts[owner])


def _range_join(
    left_keys: IntArray, left_vals: IntArray, right_keys: IntArray, right_vals: IntArray
) -> tuple[IntArray, IntArray]:
    """All (left_val, right_val) with equal keys, vectorised (a sort-merge equi-join)."""
    order = np.argsort(right_keys, kind="stable")
    rk, rv = right_keys[order], right_vals[order]
    lo = np.searchsorted(rk, left_keys, side="left")
    hi = np.searchsorted(rk, left_keys, side="right")
    owner, pos = _expand(lo.astype(np.int64), hi.astype(np.int64))
    return left_vals[owner], rv[pos]


def _service_area_codes(
    needs: Sequence[NeedSpec], offers: Sequence[OfferSpec], category: dict[str, int], m: int
) -> IntArray:
    keys: dict[tuple[int, str], int] = {}
    o_keys: list[int] = []
    o_vals: list[int] = []
    lengths: set[int] = set()
    for j, offer in enumerate(offers):
        for code in offer.service_region_codes:
            prefix = subtree_prefix(code)
            lengths.add(len(prefix))
            o_keys.append(keys.setdefault((category[offer.category_code], prefix), len(keys)))
            o_vals.append(j)
    n_keys: list[int] = []
    n_vals: list[int] = []
    prefix_lengths = sorted(lengths)
    for i, need in enumerate(needs):
        cat = category[need.category_code]
        for length in prefix_lengths:
            # covers(code, region) is region.startswith(prefix): look the prefix up.
            key = keys.get((cat, need.region_code[:length]))
            if key is not None:
                n_keys.append(key)
                n_vals.append(i)
    ni, oj = _range_join(
        np.array(n_keys, dtype=np.int64),
        np.array(n_vals, dtype=np.int64),
        np.array(o_keys, dtype=np.int64),
        np.array(o_vals, dtype=np.int64),
    )
    # An offer may list nested codes (a province and one of its counties): deduplicate.
    return _sorted_unique(ni * m + oj)


def _travel_radius_codes(
    needs: Sequence[NeedSpec], offers: Sequence[OfferSpec], category: dict[str, int], m: int
) -> IntArray:
    by_cat: dict[int, list[tuple[int, float, float]]] = {}
    for i, need in enumerate(needs):
        if need.location is not None:
            point = (i, need.location.latitude, need.location.longitude)
            by_cat.setdefault(category[need.category_code], []).append(point)
    radius_offers: dict[int, list[tuple[int, float, float, float]]] = {}
    for j, offer in enumerate(offers):
        base, radius = offer.base_location, offer.max_travel_km
        if base is not None and radius is not None:
            row = (j, base.latitude, base.longitude, radius)
            radius_offers.setdefault(category[offer.category_code], []).append(row)
    chunks: list[IntArray] = []
    for cat, rows in radius_offers.items():
        if cat not in by_cat:
            continue
        points = np.array(by_cat[cat], dtype=np.float64)
        points = points[np.argsort(points[:, 1], kind="stable")]
        idx, lat, lon = points[:, 0].astype(np.int64), points[:, 1], points[:, 2]
        o = np.array(rows, dtype=np.float64)
        o_idx, o_lat, o_lon, o_r = o[:, 0].astype(np.int64), o[:, 1], o[:, 2], o[:, 3]
        # A degree of latitude is >= 111 km of great circle: only a band can be in reach.
        margin = o_r / 110.0 + 1e-6
        lo = np.searchsorted(lat, o_lat - margin, side="left").astype(np.int64)
        hi = np.searchsorted(lat, o_lat + margin, side="right").astype(np.int64)
        # Bound the memory of the expanded band pairs by working in slices of offers.
        group = np.cumsum(hi - lo) // _BAND_CHUNK
        for sl in np.split(np.arange(len(o_idx)), np.flatnonzero(np.diff(group)) + 1):
            owner, pos = _expand(lo[sl], hi[sl])
            owner = sl[owner]
            d = _haversine(o_lat[owner], o_lon[owner], lat[pos], lon[pos])
            near = d <= o_r[owner]
            chunks.append(idx[pos[near]] * m + o_idx[owner[near]])
    if not chunks:
        return np.empty(0, dtype=np.int64)
    return _sorted_unique(np.concatenate(chunks))


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
        out = np.zeros((len(sets), words), dtype=np.uint64)
        for row, skill_set in enumerate(sets):
            for s in skill_set:
                b = bit.get(s)
                if b is not None:
                    out[row, b // 64] |= np.uint64(1 << (b % 64))
        return out

    return masks([n.required_skills for n in needs]), masks([o.skills for o in offers])


def _withheld_codes(
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    withheld: Iterable[tuple[str, str]],
    m: int,
) -> IntArray:
    need_at = {n.id: i for i, n in enumerate(needs)}
    offer_at = {o.id: j for j, o in enumerate(offers)}
    found = [need_at[n] * m + offer_at[o] for n, o in withheld if n in need_at and o in offer_at]
    return _sorted_unique(np.array(found, dtype=np.int64))


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
    for code in [x.category_code for x in s_needs] + [x.category_code for x in s_offers]:
        category.setdefault(code, len(category))

    m = max(len(s_offers), 1)
    area = _service_area_codes(s_needs, s_offers, category, m)
    radius = _travel_radius_codes(s_needs, s_offers, category, m)
    # Sorted codes: need-major, offer-minor, which is the canonical pair order.
    codes = _sorted_unique(np.concatenate([area, radius]))
    ni, oj = codes // m, codes % m

    # Time window: the offer must be available at some moment of [now, deadline].
    now_ts = now.timestamp()
    due = np.array([max(n.needed_by.timestamp(), now_ts) for n in s_needs])
    needed_by = np.array([n.needed_by.timestamp() for n in s_needs])
    start = np.array([max(o.available_from.timestamp(), now_ts) for o in s_offers])
    until = np.array([o.available_until.timestamp() for o in s_offers])
    if len(codes):
        keep = (start[oj] <= until[oj]) & (start[oj] <= due[ni])
        need_masks, offer_masks = _skill_masks(s_needs, s_offers)
        keep &= np.all((need_masks[ni] & ~offer_masks[oj]) == 0, axis=1)
        keep &= ~_contains_sorted(_withheld_codes(s_needs, s_offers, withheld, m), codes)
        keep &= available_mask(s_needs, s_offers, ni, oj, keep, now)
        codes, ni, oj = codes[keep], ni[keep], oj[keep]

    has_point = np.array([n.location is not None for n in s_needs], dtype=bool)
    has_base = np.array([o.base_location is not None for o in s_offers], dtype=bool)
    n_lat = np.array([n.location.latitude if n.location else 0.0 for n in s_needs])
    n_lon = np.array([n.location.longitude if n.location else 0.0 for n in s_needs])
    o_lat = np.array([o.base_location.latitude if o.base_location else 0.0 for o in s_offers])
    o_lon = np.array([o.base_location.longitude if o.base_location else 0.0 for o in s_offers])
    distance = np.full(len(codes), np.nan)
    if len(codes):
        known = has_point[ni] & has_base[oj]
        distance[known] = _haversine(
            n_lat[ni[known]], n_lon[ni[known]], o_lat[oj[known]], o_lon[oj[known]]
        )
        slack = (needed_by[ni] - start[oj]) / 3600.0
    else:
        slack = np.empty(0)
    return CandidatePairs(
        skill_gap=skill_gaps(s_needs, s_offers, ni, oj),
        needs=s_needs,
        offers=s_offers,
        need_index=ni.astype(np.int64),
        offer_index=oj.astype(np.int64),
        distance_km=distance,
        via_radius=~_contains_sorted(area, codes),
        slack_hours=slack,
    )
