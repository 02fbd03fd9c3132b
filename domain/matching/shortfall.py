"""Why a need is still short after a round, read off the round's candidate pairs.

For each need the round left short, every offer of its category is judged by the same
checks as a pledge (compatibility.py): the incompatible ones say what to widen (area,
window, skills), the withheld ones who said no, and the compatible ones where their
capacity went. An office reading the reasons knows what to do next.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from domain.kernel.regions import subtree_prefix
from domain.matching.candidates import CandidatePairs
from domain.matching.compatibility import available, deadline, haversine
from domain.matching.model import MatchResult, NeedSpec, OfferSpec, Urgency
from domain.matching.scoring import URGENCY_LEVEL

BoolArray = NDArray[np.bool_]


class ShortfallCode(enum.Enum):
    """One reason a need is still short, in the order an office reads them."""

    NO_OFFER_IN_CATEGORY = "NO_OFFER_IN_CATEGORY"
    OUTSIDE_SERVICE_AREA = "OUTSIDE_SERVICE_AREA"
    OUTSIDE_TIME_WINDOW = "OUTSIDE_TIME_WINDOW"
    SKILLS_MISSING = "SKILLS_MISSING"
    OUTSIDE_AVAILABILITY = "OUTSIDE_AVAILABILITY"
    CAPACITY_TAKEN_BY_MORE_URGENT = "CAPACITY_TAKEN_BY_MORE_URGENT"
    CAPACITY_SHARED_WITH_OTHER_NEEDS = "CAPACITY_SHARED_WITH_OTHER_NEEDS"
    NOT_ENOUGH_CAPACITY = "NOT_ENOUGH_CAPACITY"
    PROVIDER_DECLINED = "PROVIDER_DECLINED"
    OFFICE_VETOED = "OFFICE_VETOED"
    # The volunteer is proposed for (or holds) an assignment at an overlapping time.
    VOLUNTEER_BUSY = "VOLUNTEER_BUSY"
    # Not the engine's: no round has judged the need yet, or units already placed that
    # do not count as covered yet.
    AWAITING_MATCHING = "AWAITING_MATCHING"
    # Overdue needs leave the rounds until their office extends them.
    PAST_NEEDED_BY = "PAST_NEEDED_BY"
    AWAITING_PROVIDER = "AWAITING_PROVIDER"
    AWAITING_RECEIPT = "AWAITING_RECEIPT"


# Who withheld a compatible pair from rounds.
WITHHOLDERS = (
    ShortfallCode.PROVIDER_DECLINED,
    ShortfallCode.OFFICE_VETOED,
    ShortfallCode.VOLUNTEER_BUSY,
)


@dataclass(frozen=True, slots=True)
class ShortfallReason:
    """One reason, with the figures that make it actionable."""

    code: ShortfallCode
    offers: int = 0  # how many offers of the category it concerns
    distance_km: float | None = None  # OUTSIDE_SERVICE_AREA: the nearest such offer
    hours_late: float | None = None  # OUTSIDE_TIME_WINDOW: the earliest such offer
    skills: tuple[str, ...] = ()  # SKILLS_MISSING: required skills those offers lack

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping, for storing the reason on the need."""
        return {
            "code": self.code.value,
            "offers": self.offers,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "hours_late": None if self.hours_late is None else round(self.hours_late, 1),
            "skills": list(self.skills),
        }


@dataclass(frozen=True, slots=True)
class NeedShortfall:
    """A need the round left short: by how much, and why."""

    need_id: str
    short: int
    reasons: tuple[ShortfallReason, ...]


@dataclass(frozen=True, slots=True)
class _Category:
    """The offers of one category as arrays, for judging many needs against them."""

    index: NDArray[np.int64]  # positions in pairs.offers
    start: NDArray[np.float64]  # max(available_from, now), as a timestamp
    until: NDArray[np.float64]
    lat: NDArray[np.float64]  # NaN without a base point
    lon: NDArray[np.float64]
    radius: NDArray[np.float64]  # NaN without a travel radius
    by_prefix: dict[str, list[int]]  # service prefix -> local offer indices
    # Offers share a few skill sets: each need is checked once per distinct set.
    skill_sets: list[frozenset[str]]
    skill_of: NDArray[np.int64]  # per offer, its set's position in skill_sets
    chosen: tuple[OfferSpec, ...]  # the offers themselves, for volunteers' availability

    @classmethod
    def of(cls, offers: Sequence[OfferSpec], index: list[int], now: datetime) -> _Category:
        chosen = [offers[j] for j in index]
        by_prefix: dict[str, list[int]] = defaultdict(list)
        for k, offer in enumerate(chosen):
            for code in offer.service_region_codes:
                by_prefix[subtree_prefix(code)].append(k)
        nan = float("nan")
        distinct: dict[frozenset[str], int] = {}
        skill_of = [distinct.setdefault(o.skills, len(distinct)) for o in chosen]
        return cls(
            index=np.array(index, dtype=np.int64),
            start=np.array([max(o.available_from, now).timestamp() for o in chosen]),
            until=np.array([o.available_until.timestamp() for o in chosen]),
            lat=np.array([o.base_location.latitude if o.base_location else nan for o in chosen]),
            lon=np.array([o.base_location.longitude if o.base_location else nan for o in chosen]),
            radius=np.array([nan if o.max_travel_km is None else o.max_travel_km for o in chosen]),
            by_prefix=dict(by_prefix),
            skill_sets=list(distinct),
            skill_of=np.array(skill_of, dtype=np.int64),
            chosen=tuple(chosen),
        )

    def judge(
        self, need: NeedSpec, now: datetime
    ) -> tuple[BoolArray, BoolArray, BoolArray, NDArray[np.float64]]:
        """(reaches, in window, has the skills, distance km or NaN) for each offer."""
        size = len(self.index)
        reach = np.zeros(size, dtype=bool)
        for prefix, local in self.by_prefix.items():
            if need.region_code.startswith(prefix):
                reach[local] = True
        distance = np.full(size, np.nan)
        if need.location is not None:
            distance = haversine(
                np.full(size, need.location.latitude),
                np.full(size, need.location.longitude),
                self.lat,
                self.lon,
            )
        with np.errstate(invalid="ignore"):
            reach |= distance <= self.radius  # NaN on either side compares False
        due = deadline(need, now).timestamp()
        window = (self.start <= self.until) & (self.start <= due)
        held = np.array([need.required_skills <= s for s in self.skill_sets], dtype=bool)
        skills = held[self.skill_of] if size else np.zeros(0, dtype=bool)
        return reach, window, skills, distance

    def unavailable(self, need: NeedSpec, now: datetime, window: BoolArray) -> BoolArray:
        """Offers in the window whose volunteer is not available in it."""
        out = np.zeros(len(self.index), dtype=bool)
        for k, offer in enumerate(self.chosen):
            if offer.availability is not None and window[k]:
                out[k] = not available(need, offer, now)
        return out


def _incompatible_reasons(
    reach: BoolArray,
    window: BoolArray,
    skills: BoolArray,
    distance: NDArray[np.float64],
    category: _Category,
    need: NeedSpec,
    now: datetime,
) -> list[ShortfallReason]:
    reasons: list[ShortfallReason] = []
    if (~reach).any():
        known = distance[~reach]
        known = known[~np.isnan(known)]
        nearest = float(known.min()) if len(known) else None
        reasons.append(
            ShortfallReason(ShortfallCode.OUTSIDE_SERVICE_AREA, int((~reach).sum()), nearest)
        )
    if (~window).any():
        late = (category.start[~window] - deadline(need, now).timestamp()) / 3600.0
        reasons.append(
            ShortfallReason(
                ShortfallCode.OUTSIDE_TIME_WINDOW,
                int((~window).sum()),
                hours_late=float(max(late.min(), 0.0)),
            )
        )
    if (~skills).any():
        lacking = {
            s
            for k in np.flatnonzero(~skills).tolist()
            for s in need.required_skills - category.skill_sets[category.skill_of[k]]
        }
        reasons.append(
            ShortfallReason(
                ShortfallCode.SKILLS_MISSING, int((~skills).sum()), skills=tuple(sorted(lacking))
            )
        )
    return reasons


def explain_shortfalls(
    pairs: CandidatePairs,
    result: MatchResult,
    now: datetime,
    withheld: Mapping[tuple[str, str], ShortfallCode] | None = None,
    *,
    spent: Sequence[OfferSpec] = (),
    holders: Mapping[str, Sequence[tuple[str, Urgency]]] | None = None,
) -> tuple[NeedShortfall, ...]:
    """The needs `result` leaves short, each with its reasons, in need id order.

    `withheld` names the compatible pairs the round was told to leave out, and who
    withheld them (PROVIDER_DECLINED or OFFICE_VETOED). `spent` are offers with nothing
    free left (their whole quantity as `quantity`), and `holders` says, per offer id,
    which needs (id, urgency) hold its capacity from earlier rounds and pledges: so a
    need can say its suitable offers went to others before this round.
    """
    withheld = withheld or {}
    need_at = {n.id: i for i, n in enumerate(pairs.needs)}
    got = np.zeros(len(pairs.needs), dtype=np.int64)
    # offer id -> the needs (id -> urgency) holding its capacity, earlier or now
    taken: dict[str, dict[str, Urgency]] = defaultdict(dict)
    for offer_id, held in (holders or {}).items():
        taken[offer_id].update(held)
    for allocation in result.allocations:
        got[need_at[allocation.need_id]] += allocation.quantity
        need = pairs.needs[need_at[allocation.need_id]]
        taken[allocation.offer_id][need.id] = need.urgency
    by_category: dict[str, list[int]] = defaultdict(list)
    for j, offer in enumerate(pairs.offers):
        by_category[offer.category_code].append(j)
    spent_by_category: dict[str, list[OfferSpec]] = defaultdict(list)
    for offer in spent:
        spent_by_category[offer.category_code].append(offer)
    categories: dict[str, _Category] = {}
    spent_categories: dict[str, _Category] = {}
    starts = np.searchsorted(pairs.need_index, np.arange(len(pairs.needs) + 1))

    out: list[NeedShortfall] = []
    for n, need in enumerate(pairs.needs):
        short = need.quantity - int(got[n])
        if short <= 0:
            continue
        index = by_category.get(need.category_code, [])
        # Spent offers that could serve the need tell where capacity went, nothing more.
        spent_fit = _spent_fitting(need, spent_by_category, spent_categories, withheld, now)
        reasons: list[ShortfallReason] = []
        withholders: list[ShortfallCode | None] = []
        if index:
            if need.category_code not in categories:
                categories[need.category_code] = _Category.of(pairs.offers, index, now)
            category = categories[need.category_code]
            reach, window, skills, distance = category.judge(need, now)
            reasons += _incompatible_reasons(reach, window, skills, distance, category, need, now)
            away = category.unavailable(need, now, window)
            if away.any():
                reasons.append(ShortfallReason(ShortfallCode.OUTSIDE_AVAILABILITY, int(away.sum())))
            fits = reach & window & skills & ~away
            withholders = [
                withheld.get((need.id, pairs.offers[j].id)) for j in category.index[fits].tolist()
            ]
        elif not spent_fit:
            reasons.append(ShortfallReason(ShortfallCode.NO_OFFER_IN_CATEGORY))
        compatible = pairs.offer_index[starts[n] : starts[n + 1]].tolist()
        free = sum(pairs.offers[j].quantity for j in compatible)
        suitable = [pairs.offers[j].id for j in compatible] + spent_fit
        reasons += _capacity_reasons(need, suitable, free, taken)
        for code in WITHHOLDERS:
            if count := withholders.count(code):
                reasons.append(ShortfallReason(code, count))
        if not reasons:  # a safety net: a short need always says something
            reasons.append(ShortfallReason(ShortfallCode.NOT_ENOUGH_CAPACITY, len(suitable)))
        order = list(ShortfallCode)
        reasons.sort(key=lambda r: order.index(r.code))
        out.append(NeedShortfall(need.id, short, tuple(reasons)))
    return tuple(out)


def _spent_fitting(
    need: NeedSpec,
    spent_by_category: Mapping[str, list[OfferSpec]],
    judged: dict[str, _Category],
    withheld: Mapping[tuple[str, str], ShortfallCode],
    now: datetime,
) -> list[str]:
    """Ids of the spent offers that would serve the need, unless withheld."""
    spent = spent_by_category.get(need.category_code, [])
    if not spent:
        return []
    if need.category_code not in judged:
        judged[need.category_code] = _Category.of(spent, list(range(len(spent))), now)
    category = judged[need.category_code]
    reach, window, skills, _ = category.judge(need, now)
    away = category.unavailable(need, now, window)
    fits = np.flatnonzero(reach & window & skills & ~away).tolist()
    return [spent[k].id for k in fits if (need.id, spent[k].id) not in withheld]


def _capacity_reasons(
    need: NeedSpec,
    suitable: list[str],
    free: int,
    taken: Mapping[str, Mapping[str, Urgency]],
) -> list[ShortfallReason]:
    """Where the capacity of the offers that could serve the need went."""
    if not suitable:
        return []
    level = URGENCY_LEVEL[need.urgency]
    more_urgent = shared = 0
    for offer_id in suitable:
        others = [u for k, u in taken.get(offer_id, {}).items() if k != need.id]
        if any(URGENCY_LEVEL[u] > level for u in others):
            more_urgent += 1
        elif others:  # as urgent or less: coverage-first gave each a first share
            shared += 1
    reasons = []
    if more_urgent:
        reasons.append(ShortfallReason(ShortfallCode.CAPACITY_TAKEN_BY_MORE_URGENT, more_urgent))
    if shared:
        reasons.append(ShortfallReason(ShortfallCode.CAPACITY_SHARED_WITH_OTHER_NEEDS, shared))
    if free < need.quantity:
        reasons.append(ShortfallReason(ShortfallCode.NOT_ENOUGH_CAPACITY, len(suitable)))
    return reasons
