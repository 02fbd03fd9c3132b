"""Why a need stays short: the engine's reasons, read off the round's candidate pairs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kernel.regions import covers
from domain.matching import (
    GeoPoint,
    Incompatibility,
    NeedSpec,
    OfferSpec,
    ShortfallCode,
    Urgency,
    haversine_km,
    incompatibilities,
    match_and_explain,
)
from tests.unit.matching.test_matching_properties import EXAMPLES, NOW, km, needs_, offers_

NeedFactory = Callable[..., NeedSpec]
OfferFactory = Callable[..., OfferSpec]
WUHAN = GeoPoint(30.59, 114.30)


def reasons_of(needs: list[NeedSpec], offers: list[OfferSpec], now: datetime, **kw: object) -> dict:
    """need id -> {code: the reason}, for the needs the round leaves short."""
    _, shortfalls = match_and_explain(needs, offers, now, **kw)  # type: ignore[arg-type]
    return {s.need_id: {r.code: r for r in s.reasons} for s in shortfalls}


def test_a_need_covered_in_full_has_no_reasons(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need of 100 and an offer of 100 that reaches it
    # when the round runs / then nothing is short
    assert reasons_of([make_need("n1")], [make_offer("o1")], now) == {}


def test_no_offer_of_the_category_is_said_as_such(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need for tents and only water on offer
    tents = make_need("n1", category_code="TENTS")
    # when the round runs
    found = reasons_of([tents], [make_offer("o1")], now)
    # then the tents are short for want of any offer of tents
    assert list(found["n1"]) == [ShortfallCode.NO_OFFER_IN_CATEGORY]


def test_an_offer_out_of_reach_gives_the_nearest_distance(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need in Yu'an and an offer serving only Wuhan, based there, with a 50 km radius
    need = make_need("n1")
    far = make_offer("o1", service_region_codes=("420102",), base_location=WUHAN, max_travel_km=50)
    # when the round runs
    reason = reasons_of([need], [far], now)["n1"][ShortfallCode.OUTSIDE_SERVICE_AREA]
    # then the reason names one offer and how far it is
    assert reason.offers == 1
    assert reason.distance_km == pytest.approx(haversine_km(WUHAN, need.location))  # type: ignore[arg-type]
    assert 200 < (reason.distance_km or 0) < 400


def test_an_offer_arriving_after_the_deadline_says_how_late(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need due in 30 h and an offer available only from 40 h on
    late = make_offer("o1", available_from=now + timedelta(hours=40))
    # when the round runs
    reason = reasons_of([make_need("n1")], [late], now)["n1"][ShortfallCode.OUTSIDE_TIME_WINDOW]
    # then it is 10 h too late
    assert (reason.offers, reason.hours_late) == (1, pytest.approx(10.0))


def test_missing_skills_are_named(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need for medics who also drive, and an offer of drivers only
    need = make_need("n1", required_skills=frozenset({"MEDICAL", "DRIVING"}))
    drivers = make_offer("o1", skills=frozenset({"DRIVING"}))
    # when the round runs
    reason = reasons_of([need], [drivers], now)["n1"][ShortfallCode.SKILLS_MISSING]
    # then the skill lacking is named
    assert (reason.offers, reason.skills) == (1, ("MEDICAL",))


def test_capacity_taken_by_a_more_urgent_need(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given one offer of 100 and two needs of 100: one CRITICAL, one LOW
    critical = make_need("n1", urgency=Urgency.CRITICAL)
    low = make_need("n2", urgency=Urgency.LOW)
    # when the round runs (covering a first share of each before more of either)
    found = reasons_of([critical, low], [make_offer("o1")], now)
    # then the low one says a more urgent need took the capacity, the critical one that
    # it shares the offer with another need
    assert list(found["n2"]) == [ShortfallCode.CAPACITY_TAKEN_BY_MORE_URGENT]
    assert list(found["n1"]) == [ShortfallCode.CAPACITY_SHARED_WITH_OTHER_NEEDS]


def test_capacity_shared_between_needs_as_urgent(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given one offer of 100 and two HIGH needs of 100
    # when the round runs
    found = reasons_of([make_need("n1"), make_need("n2")], [make_offer("o1")], now)
    # then both are short, each sharing the offer with the other
    assert set(found) == {"n1", "n2"}
    assert all(list(r) == [ShortfallCode.CAPACITY_SHARED_WITH_OTHER_NEEDS] for r in found.values())


def test_too_little_capacity_is_said_as_such(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need of 100 and the only offer holds 40
    # when the round runs
    found = reasons_of([make_need("n1")], [make_offer("o1", quantity=40)], now)
    # then 60 stay short because there is not enough
    assert list(found["n1"]) == [ShortfallCode.NOT_ENOUGH_CAPACITY]


@pytest.mark.parametrize("who", [ShortfallCode.PROVIDER_DECLINED, ShortfallCode.OFFICE_VETOED])
def test_a_withheld_pair_is_never_proposed_and_says_who_withheld_it(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime, who: ShortfallCode
) -> None:
    # given a need and an offer that fits it, but the pair was declined or vetoed
    need, offer = make_need("n1"), make_offer("o1")
    # when the round runs with the pair withheld
    result, shortfalls = match_and_explain([need], [offer], now, withheld={("n1", "o1"): who})
    # then nothing is proposed and the need says who withheld the offer
    assert result.allocations == ()
    assert [(r.code, r.offers) for r in shortfalls[0].reasons] == [(who, 1)]


def test_the_pledge_rule_names_every_failed_check(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given an offer far away, too late and without the skill the need requires
    need = make_need("n1", required_skills=frozenset({"MEDICAL"}))
    offer = make_offer(
        "o1",
        service_region_codes=("420102",),
        base_location=WUHAN,
        available_from=now + timedelta(hours=40),
    )
    # when the pair is judged / then each failed check is named, in order
    assert incompatibilities(need, offer, now) == (
        Incompatibility.OUTSIDE_SERVICE_AREA,
        Incompatibility.OUTSIDE_TIME_WINDOW,
        Incompatibility.SKILLS_MISSING,
    )
    other = make_offer("o2", category_code="TENTS")
    assert incompatibilities(need, other, now) == (Incompatibility.CATEGORY_MISMATCH,)


def _oracle_failures(need: NeedSpec, offer: OfferSpec) -> set[ShortfallCode]:
    """The checks the pair fails, as the rule states them (independent of the engine)."""
    failed = set()
    reached = any(covers(code, need.region_code) for code in offer.service_region_codes) or (
        need.location is not None
        and offer.base_location is not None
        and offer.max_travel_km is not None
        and km(need.location, offer.base_location) <= offer.max_travel_km
    )
    if not reached:
        failed.add(ShortfallCode.OUTSIDE_SERVICE_AREA)
    start = max(offer.available_from, NOW)
    if not (start <= offer.available_until and start <= max(need.needed_by, NOW)):
        failed.add(ShortfallCode.OUTSIDE_TIME_WINDOW)
    if not need.required_skills <= offer.skills:
        failed.add(ShortfallCode.SKILLS_MISSING)
    return failed


@EXAMPLES
@given(needs=needs_(), offers=offers_(), data=st.data())
def test_every_short_need_has_reasons_that_count_the_offers_rightly(
    needs: list[NeedSpec], offers: list[OfferSpec], data: st.DataObject
) -> None:
    # given a random instance, some of its pairs withheld by providers, and some of its
    # offers spent (nothing free: held by earlier rounds for needs of no one here)
    pairs = [(n.id, o.id) for n in needs for o in offers]
    chosen = data.draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True))
    withheld = dict.fromkeys(chosen, ShortfallCode.PROVIDER_DECLINED)
    spent_ids = set(data.draw(st.lists(st.sampled_from([o.id for o in offers]), max_size=2)))
    spent = [o for o in offers if o.id in spent_ids]
    offers = [o for o in offers if o.id not in spent_ids]
    holders = {o.id: [("elsewhere", Urgency.MEDIUM)] for o in spent}
    # when the round runs
    result, shortfalls = match_and_explain(
        needs, offers, NOW, withheld=withheld, spent=spent, holders=holders
    )
    got = {n.id: 0 for n in needs}
    for allocation in result.allocations:
        got[allocation.need_id] += allocation.quantity
        # then no withheld pair is proposed
        assert (allocation.need_id, allocation.offer_id) not in withheld
    # and exactly the needs left short carry reasons, at least one each
    assert {s.need_id for s in shortfalls} == {n.id for n in needs if got[n.id] < n.quantity}
    by_id = {n.id: n for n in needs}
    for shortfall in shortfalls:
        need = by_id[shortfall.need_id]
        assert shortfall.short == need.quantity - got[need.id]
        assert shortfall.reasons
        codes = {r.code: r.offers for r in shortfall.reasons}
        same = [o for o in offers if o.category_code == need.category_code]
        spent_fit = [
            o
            for o in spent
            if o.category_code == need.category_code
            and not _oracle_failures(need, o)
            and (need.id, o.id) not in withheld
        ]
        # and "no offer of the category" is said exactly when none is free nor would fit
        assert (ShortfallCode.NO_OFFER_IN_CATEGORY in codes) is (not same and not spent_fit)
        # and a spent offer that would fit tells its capacity went to another need
        if spent_fit:
            assert codes.get(ShortfallCode.CAPACITY_TAKEN_BY_MORE_URGENT, 0) + codes.get(
                ShortfallCode.CAPACITY_SHARED_WITH_OTHER_NEEDS, 0
            ) >= len(spent_fit)
        # and each failed check counts the offers failing it, by the rule as stated
        failures = [_oracle_failures(need, o) for o in same]
        for code in (
            ShortfallCode.OUTSIDE_SERVICE_AREA,
            ShortfallCode.OUTSIDE_TIME_WINDOW,
            ShortfallCode.SKILLS_MISSING,
        ):
            assert codes.get(code, 0) == sum(code in f for f in failures)
        # and the declined ones that would fit are counted as declined
        declined = sum(
            not f and (need.id, o.id) in withheld for f, o in zip(failures, same, strict=True)
        )
        assert codes.get(ShortfallCode.PROVIDER_DECLINED, 0) == declined


def test_capacity_held_since_an_earlier_round_is_told_too(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given an offer with nothing free: an earlier round gave it all to a CRITICAL need
    spent = make_offer("o1")
    holders = {"o1": [("n0", Urgency.CRITICAL)]}
    # when a round runs for a HIGH need it would suit
    _, shortfalls = match_and_explain([make_need("n1")], [], now, spent=[spent], holders=holders)
    # then the need says a more urgent need took the capacity, and there is not enough left
    assert [r.code for r in shortfalls[0].reasons] == [
        ShortfallCode.CAPACITY_TAKEN_BY_MORE_URGENT,
        ShortfallCode.NOT_ENOUGH_CAPACITY,
    ]
