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

from domain.kernel.flows import PARALLEL_ARCS, warm_up
from domain.kernel.regions import subtree_prefix
from domain.matching.compatibility import EARTH_RADIUS_KM, haversine_km, is_compatible
from domain.matching.compatibility import haversine as _haversine
from domain.matching.model import GeoPoint, NeedSpec, OfferSpec
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
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    need_cat: IntArray,
    offer_cat: IntArray,
    m: int,
) -> IntArray:
    # Keys are category * prefixes + prefix id, the prefixes being the offers' subtree
    # prefixes: a need matches a key when its region starts with the key's prefix.
    prefix_id: dict[str, int] = {}
    o_prefix: list[int] = []
    o_vals: list[int] = []
    for j, offer in enumerate(offers):
        for code in offer.service_region_codes:
            o_prefix.append(prefix_id.setdefault(subtree_prefix(code), len(prefix_id)))
            o_vals.append(j)
    if not o_vals:
        return np.empty(0, dtype=np.int64)
    o_vals_a = np.array(o_vals, dtype=np.int64)
    o_keys = offer_cat[o_vals_a] * len(prefix_id) + np.array(o_prefix, dtype=np.int64)
    # Needs share a few thousand regions: find each region's prefixes once.
    region_at: dict[str, int] = {}
    need_region = np.array(
        [region_at.setdefault(n.region_code, len(region_at)) for n in needs], dtype=np.int64
    )
    n_keys: list[IntArray] = []
    n_vals: list[IntArray] = []
    for length in sorted({len(prefix) for prefix in prefix_id}):
        # covers(code, region) is region.startswith(prefix): look the prefix up.
        pid = np.array([prefix_id.get(r[:length], -1) for r in region_at], dtype=np.int64)
        of_need = pid[need_region]
        hit = np.flatnonzero(of_need >= 0)
        n_keys.append(need_cat[hit] * len(prefix_id) + of_need[hit])
        n_vals.append(hit)
    ni, oj = _range_join(np.concatenate(n_keys), np.concatenate(n_vals), o_keys, o_vals_a)
    # An offer may list nested codes (a province and one of its counties): deduplicate.
    return _sorted_unique(ni * m + oj)


def _travel_radius_codes(
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    need_cat: IntArray,
    offer_cat: IntArray,
    m: int,
) -> IntArray:
    by_cat: dict[int, list[tuple[int, float, float]]] = {}
    for i, (need, cat) in enumerate(zip(needs, need_cat.tolist(), strict=True)):
        if need.location is not None:
            point = (i, need.location.latitude, need.location.longitude)
            by_cat.setdefault(cat, []).append(point)
    radius_offers: dict[int, list[tuple[int, float, float, float]]] = {}
    for j, (offer, cat) in enumerate(zip(offers, offer_cat.tolist(), strict=True)):
        base, radius = offer.base_location, offer.max_travel_km
        if base is not None and radius is not None:
            row = (j, base.latitude, base.longitude, radius)
            radius_offers.setdefault(cat, []).append(row)
    chunks: list[IntArray] = []
    for cat, rows in radius_offers.items():
        if cat not in by_cat:
            continue
        points = np.array(by_cat[cat], dtype=np.float64)
        points = points[np.argsort(points[:, 1], kind="stable")]
        idx, lat, lon = points[:, 0].astype(np.int64), points[:, 1], points[:, 2]
        o = np.array(rows, dtype=np.float64)
        o_idx, o_lat, o_lon, o_r = o[:, 0].astype(np.int64), o[:, 1], o[:, 2], o[:, 3]
        xyz, o_xyz = _unit_vectors(lat, lon), _unit_vectors(o_lat, o_lon)
        # The chord through the earth is 2 sin(d / 2R) for an arc of d: a few products
        # rule most of the band out; the haversine then decides exactly as before.
        reach = (2 * np.sin(np.minimum(o_r / (2 * EARTH_RADIUS_KM), np.pi / 2))) ** 2
        reach = reach * (1 + 1e-6) + 1e-12
        # A degree of latitude is >= 111 km of great circle: only a band can be in reach.
        margin = o_r / 110.0 + 1e-6
        lo = np.searchsorted(lat, o_lat - margin, side="left").astype(np.int64)
        hi = np.searchsorted(lat, o_lat + margin, side="right").astype(np.int64)
        # Bound the memory of the expanded band pairs by working in slices of offers.
        group = np.cumsum(hi - lo) // _BAND_CHUNK
        for sl in np.split(np.arange(len(o_idx)), np.flatnonzero(np.diff(group)) + 1):
            owner, pos = _expand(lo[sl], hi[sl])
            owner = sl[owner]
            chord = np.square(xyz[pos] - o_xyz[owner]).sum(axis=1)
            maybe = np.flatnonzero(chord <= reach[owner])
            owner, pos = owner[maybe], pos[maybe]
            d = _haversine(o_lat[owner], o_lon[owner], lat[pos], lon[pos])
            near = d <= o_r[owner]
            chunks.append(idx[pos[near]] * m + o_idx[owner[near]])
    if not chunks:
        return np.empty(0, dtype=np.int64)
    return _sorted_unique(np.concatenate(chunks))


def _unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    p, lam = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)], axis=1)


def _union(area: IntArray, radius: IntArray) -> tuple[IntArray, NDArray[np.bool_]]:
    """Sorted codes of either kind (need-major, offer-minor: the canonical pair order), and
    which of them only a travel radius reaches. Each input holds distinct codes, so a code
    comes at most twice, its service-area copy (low bit 0) sorting first."""
    keyed = np.concatenate([area * 2, radius * 2 + 1])
    keyed.sort()
    if len(keyed) > 1:
        keyed = keyed[np.r_[True, (keyed[1:] >> 1) != (keyed[:-1] >> 1)]]
    return keyed >> 1, (keyed & 1).astype(bool)


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
    need_cat = np.array(
        [category.setdefault(x.category_code, len(category)) for x in s_needs], dtype=np.int64
    )
    offer_cat = np.array(
        [category.setdefault(x.category_code, len(category)) for x in s_offers], dtype=np.int64
    )

    m = max(len(s_offers), 1)
    area = _service_area_codes(s_needs, s_offers, need_cat, offer_cat, m)
    radius = _travel_radius_codes(s_needs, s_offers, need_cat, offer_cat, m)
    codes, via_radius = _union(area, radius)
    if len(codes) >= PARALLEL_ARCS:
        warm_up()  # the solver's workers start while the pairs are checked
    ni, oj = np.divmod(codes, m)

    # Time window: the offer must be available at some moment of [now, deadline].
    now_ts = now.timestamp()
    needed_by = np.array([n.needed_by.timestamp() for n in s_needs], dtype=np.float64)
    due = np.maximum(needed_by, now_ts)
    start = np.array([o.available_from.timestamp() for o in s_offers], dtype=np.float64)
    start = np.maximum(start, now_ts)
    until = np.array([o.available_until.timestamp() for o in s_offers], dtype=np.float64)
    if len(codes):
        keep = (start <= until)[oj] & (start[oj] <= due[ni])
        need_masks, offer_masks = _skill_masks(s_needs, s_offers)
        if need_masks.any():
            if need_masks.shape[1] == 1:  # the usual case: one word, no 2-d gather
                keep &= (need_masks[:, 0][ni] & ~offer_masks[:, 0][oj]) == 0
            else:
                keep &= np.all((need_masks[ni] & ~offer_masks[oj]) == 0, axis=1)
        if (left_out := _withheld_codes(s_needs, s_offers, withheld, m)).size:
            keep &= ~_contains_sorted(left_out, codes)
        keep &= available_mask(s_needs, s_offers, ni, oj, keep, now)
        ni, oj, via_radius = ni[keep], oj[keep], via_radius[keep]

    n_lat, n_lon, has_point = _points([n.location for n in s_needs])
    o_lat, o_lon, has_base = _points([o.base_location for o in s_offers])
    distance = np.full(len(ni), np.nan)
    if len(ni):
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
        via_radius=via_radius,
        slack_hours=slack,
    )
