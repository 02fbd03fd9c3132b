"""Which offers reach which needs: service areas and travel radii, as pair codes.

A pair code is need index * offer count + offer index, so sorted codes are in the
canonical (need, offer) order. Service areas are prefix rules (GB/T 2260): offers are
indexed by (category, service prefix) and each need looks up its own few prefixes.
Travel radii use a latitude band per category, narrowed by chord length before the
haversine decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from domain.kernel.regions import subtree_prefix
from domain.matching.compatibility import EARTH_RADIUS_KM
from domain.matching.compatibility import haversine as _haversine
from domain.matching.model import NeedSpec, OfferSpec

_BAND_CHUNK = 1 << 22  # candidate (offer, need) evaluations held in memory at once

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
Spread = Callable[[Callable[[Any], list[IntArray]], list[Any]], Iterable[list[IntArray]]]


def sorted_unique(values: IntArray) -> IntArray:
    # Sort-based: numpy's hash-based unique is several times slower on 10^6 int64 codes.
    # Stable is timsort here: it merges the sorted runs the joins produce in linear time.
    values = np.sort(values, kind="stable")
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


def service_area_codes(
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
    return sorted_unique(ni * m + oj)


def travel_radius_codes(
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    need_cat: IntArray,
    offer_cat: IntArray,
    m: int,
    spread: Spread | None = None,
) -> IntArray:
    """Codes of the pairs a travel radius reaches, each category's band worked out by
    `spread` (a map, such as a thread pool's: numpy lets go of the GIL in its loops)."""
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
    work = [(by_cat[cat], rows) for cat, rows in radius_offers.items() if cat in by_cat]
    # Largest first, so that threads sharing the categories finish about together.
    work.sort(key=lambda w: -len(w[0]) * len(w[1]))
    chunks = [c for part in (spread or map)(lambda w: _band(w[0], w[1], m), work) for c in part]
    if not chunks:
        return np.empty(0, dtype=np.int64)
    return sorted_unique(np.concatenate(chunks))


def _band(
    needs: list[tuple[int, float, float]], rows: list[tuple[int, float, float, float]], m: int
) -> list[IntArray]:
    """Codes of the needs (index, lat, lon) within reach of the offers (index, lat, lon,
    radius) of one category."""
    points = np.array(needs, dtype=np.float64)
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
    chunks: list[IntArray] = []
    for sl in np.split(np.arange(len(o_idx)), np.flatnonzero(np.diff(group)) + 1):
        owner, pos = _expand(lo[sl], hi[sl])
        owner = sl[owner]
        chord = np.square(xyz[pos] - o_xyz[owner]).sum(axis=1)
        maybe = np.flatnonzero(chord <= reach[owner])
        owner, pos = owner[maybe], pos[maybe]
        d = _haversine(o_lat[owner], o_lon[owner], lat[pos], lon[pos])
        near = d <= o_r[owner]
        chunks.append(idx[pos[near]] * m + o_idx[owner[near]])
    return chunks


def _unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    p, lam = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)], axis=1)


def union_codes(area: IntArray, radius: IntArray) -> tuple[IntArray, NDArray[np.bool_]]:
    """Sorted codes of either kind (need-major, offer-minor: the canonical pair order), and
    which of them only a travel radius reaches. Each input holds distinct codes, so a code
    comes at most twice, its service-area copy (low bit 0) sorting first."""
    keyed = np.concatenate([area * 2, radius * 2 + 1])
    keyed.sort(kind="stable")  # two sorted runs: timsort merges them in linear time
    if len(keyed) > 1:
        keyed = keyed[np.r_[True, (keyed[1:] >> 1) != (keyed[:-1] >> 1)]]
    return keyed >> 1, (keyed & 1).astype(bool)
