"""What matching knows of volunteers: one person, with their own availability, skills
and certificates, is never proposed for two assignments whose times overlap.

An assignment's time is the pair's span (compatibility.span): from when the offer is
available (or now) to the need's deadline. Two spans of one person that meet clash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from domain.matching.compatibility import available, span
from domain.matching.model import MatchResult, NeedSpec, OfferSpec
from domain.matching.scoring import URGENCY_LEVEL

Span = tuple[datetime, datetime]
# An assignment a person holds already: (need id, start, end); the key is a need's id when
# more of the same pair is one commitment with it, else one no need has.
Held = tuple[str, datetime, datetime]
IntArray = NDArray[np.int64]


def available_mask(
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    ni: IntArray,
    oj: IntArray,
    keep: NDArray[np.bool_],
    now: datetime,
) -> NDArray[np.bool_]:
    """Volunteers' own availability, checked only for the few pairs of offers that have
    one (and that pass every other check)."""
    ok = np.ones(len(ni), dtype=bool)
    timed = np.array([o.availability is not None for o in offers], dtype=bool)
    if not len(ni) or not timed.any():
        return ok
    for k in np.flatnonzero(keep & timed[oj]).tolist():
        ok[k] = available(needs[ni[k]], offers[oj[k]], now)
    return ok


def skill_gaps(
    needs: Sequence[NeedSpec], offers: Sequence[OfferSpec], ni: IntArray, oj: IntArray
) -> NDArray[np.float64]:
    """Per pair of a volunteer's offer, the share of the need's required skills they hold
    without a certificate; 0 for every other pair."""
    gap = np.zeros(len(ni))
    person = np.array([o.person is not None for o in offers], dtype=bool)
    skilled = np.array([bool(n.required_skills) for n in needs], dtype=bool)
    if not len(ni) or not person.any() or not skilled.any():
        return gap
    for k in np.flatnonzero(person[oj] & skilled[ni]).tolist():
        required = needs[ni[k]].required_skills
        gap[k] = len(required - offers[oj[k]].certified) / len(required)
    return gap


def meet(a: Span, b: Span) -> bool:
    return a[0] <= a[1] and b[0] <= b[1] and a[0] <= b[1] and b[0] <= a[1]


def busy_pairs(
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    now: datetime,
    busy: Mapping[str, Sequence[Held]],
) -> list[tuple[str, str]]:
    """(need id, offer id) pairs whose span meets an assignment the person already has
    (proposed or accepted) for another need: a round leaves them out."""
    by_category: dict[str, list[NeedSpec]] = defaultdict(list)
    for need in needs:
        by_category[need.category_code].append(need)
    out = []
    for offer in offers:
        taken = busy.get(offer.person or "", ())
        if not taken:
            continue
        for need in by_category.get(offer.category_code, []):
            pair = span(need, offer, now)
            if any(meet(pair, (start, end)) for held, start, end in taken if held != need.id):
                out.append((need.id, offer.id))
    return out


def clashes(
    result: MatchResult,
    needs: Sequence[NeedSpec],
    offers: Sequence[OfferSpec],
    now: datetime,
) -> list[tuple[str, str]]:
    """Pairs to leave out so that no person keeps two proposals whose spans meet: per
    person the most urgent, then largest, proposal stays, and every pair of theirs that
    would meet it (for another need) goes; the caller solves again without them."""
    need_of = {n.id: n for n in needs}
    offer_of = {o.id: o for o in offers}
    mine: dict[str, list[tuple[NeedSpec, OfferSpec, int]]] = defaultdict(list)
    for allocation in result.allocations:
        offer = offer_of[allocation.offer_id]
        if offer.person is not None:
            mine[offer.person].append((need_of[allocation.need_id], offer, allocation.quantity))
    out: list[tuple[str, str]] = []
    for person in sorted(mine):
        chosen = mine[person]
        if len({need.id for need, _, _ in chosen}) < 2:
            continue
        chosen.sort(key=lambda c: (-URGENCY_LEVEL[c[0].urgency], -c[2], c[0].id, c[1].id))
        kept: list[tuple[str, Span]] = []
        dropped = []
        for need, offer, _ in chosen:
            pair = span(need, offer, now)
            if any(meet(pair, other) and need.id != held for held, other in kept):
                dropped.append((need.id, offer.id))
            else:
                kept.append((need.id, pair))
        if not dropped:
            continue
        out += dropped
        # Every other pair of the person's offers that would meet a kept one goes too,
        # so the next solve cannot trade one clash for another.
        theirs = [o for o in offers if o.person == person]
        for need in needs:
            for offer in theirs:
                pair = span(need, offer, now)
                if any(meet(pair, other) and need.id != held for held, other in kept):
                    out.append((need.id, offer.id))
    return sorted(set(out))
