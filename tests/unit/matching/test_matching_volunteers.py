"""Volunteers in the engine: one person never in two overlapping assignments, required
skills always held, their own availability respected, certificates preferred."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.matching import Incompatibility, NeedSpec, OfferSpec, incompatibilities
from domain.matching.compatibility import span
from domain.matching.engine import match_and_explain
from domain.matching.persons import meet
from domain.matching.shortfall import ShortfallCode
from domain.volunteers.availability import Availability, DateRange, Weekday, WeeklySlot
from tests.unit.matching.test_matching_properties import EXAMPLES, NOW, needs_, offers_

PEOPLE = ("p1", "p2", "p3")
weekly = st.lists(
    st.builds(
        WeeklySlot,
        st.sampled_from(list(Weekday)),
        st.sampled_from(["06:00", "09:00", "13:00"]),
        st.sampled_from(["14:00", "18:00", "22:00"]),
    ),
    max_size=3,
)
ranges = st.lists(
    st.integers(-24, 96).map(
        lambda h: DateRange(NOW + timedelta(hours=h), NOW + timedelta(hours=h + 10))
    ),
    max_size=2,
)
availability = st.none() | st.builds(
    lambda w, r: Availability(weekly=tuple(w), ranges=tuple(r)), weekly, ranges
)


@st.composite
def volunteer_offers(draw: st.DrawFn) -> list[OfferSpec]:
    """Offers, some of them volunteers' (a person may have several), with their own
    availability and certificates for some of their skills."""
    offers = draw(offers_())
    out = []
    for offer in offers:
        person = draw(st.none() | st.sampled_from(PEOPLE))
        if person is None:
            out.append(offer)
            continue
        certified = draw(st.frozensets(st.sampled_from(sorted(offer.skills))))
        out.append(
            replace(offer, person=person, availability=draw(availability), certified=certified)
        )
    return out


def _busy(
    draw: st.DrawFn, needs: list[NeedSpec]
) -> dict[str, list[tuple[str, datetime, datetime]]]:
    held: dict[str, list[tuple[str, datetime, datetime]]] = {}
    for person in draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True)):
        start = NOW + timedelta(hours=draw(st.integers(-24, 48)))
        held[person] = [("elsewhere", start, start + timedelta(hours=draw(st.integers(1, 48))))]
    return held


@EXAMPLES
@given(needs=needs_(), offers=volunteer_offers(), data=st.data())
def test_no_person_is_proposed_for_overlapping_assignments(
    needs: list[NeedSpec], offers: list[OfferSpec], data: st.DataObject
) -> None:
    # given needs, offers of a few persons and organizations, and what persons hold already
    busy = _busy(data.draw, needs)
    # when the round runs
    result, shortfalls = match_and_explain(needs, offers, NOW, busy=busy)
    need_of = {n.id: n for n in needs}
    offer_of = {o.id: o for o in offers}
    by_person: dict[str, list[tuple[str, tuple[datetime, datetime]]]] = {}
    for allocation in result.allocations:
        need, offer = need_of[allocation.need_id], offer_of[allocation.offer_id]
        # then every proposal passes every check, the volunteer's availability included
        assert incompatibilities(need, offer, NOW) == ()
        # and a need with a required skill only gets offers holding it
        assert need.required_skills <= offer.skills
        if offer.person is not None:
            by_person.setdefault(offer.person, []).append((need.id, span(need, offer, NOW)))
            # and nothing meets what the person holds already
            for _, start, end in busy.get(offer.person, []):
                assert not meet(span(need, offer, NOW), (start, end))
            # and the explanation says it is a volunteer's, never double-booked
            assert allocation.explanation.volunteer
            assert "no overlapping assignment" in allocation.explanation.summary
    # and no person has two proposals, for different needs, whose times meet
    for proposals in by_person.values():
        for k, (need_a, span_a) in enumerate(proposals):
            for need_b, span_b in proposals[k + 1 :]:
                assert need_a == need_b or not meet(span_a, span_b)
    # and every short need still says why
    assert all(s.reasons for s in shortfalls)


def test_a_volunteer_is_proposed_once_and_the_other_need_says_they_are_busy(
    make_need, make_offer
) -> None:
    # given one volunteer offering 10 units, two needs at the same time
    offer = make_offer("o1", 10, person="p1")
    needs = [make_need("n1", 4), make_need("n2", 4)]
    # when the round runs
    result, shortfalls = match_and_explain(needs, [offer], NOW)
    # then only one need gets the person, the other is told they are busy
    assert len({a.need_id for a in result.allocations}) == 1
    (short,) = shortfalls
    assert ShortfallCode.VOLUNTEER_BUSY in {r.code for r in short.reasons}


def test_availability_is_a_hard_rule_and_its_failure_is_named(make_need, make_offer) -> None:
    # given a volunteer free only next month, and a need due tomorrow
    later = DateRange(NOW + timedelta(days=30), NOW + timedelta(days=31))
    offer = make_offer("o1", 5, person="p1", availability=Availability(ranges=(later,)))
    need = make_need("n1", 5, needed_by=NOW + timedelta(hours=20))
    # when judged and matched
    result, shortfalls = match_and_explain([need], [offer], NOW)
    # then the pair is refused for availability, and the need says so
    assert incompatibilities(need, offer, NOW) == (Incompatibility.OUTSIDE_AVAILABILITY,)
    assert result.allocations == ()
    assert [r.code for r in shortfalls[0].reasons] == [ShortfallCode.OUTSIDE_AVAILABILITY]
    # and a weekly slot inside the window makes them match
    tomorrow = (NOW + timedelta(hours=10)).astimezone(Availability().zone())
    slot = WeeklySlot(list(Weekday)[tomorrow.weekday()], "00:00", "23:59")
    free = replace(offer, availability=Availability(weekly=(slot,)))
    assert incompatibilities(need, free, NOW) == ()


def test_a_certified_volunteer_is_preferred_and_the_explanation_says_so(
    make_need, make_offer
) -> None:
    # given a counselling need and two volunteers, one certified, the certified one farther
    need = make_need("n1", 1, required_skills=frozenset({"PSYCHOLOGICAL_COUNSELING"}))
    skills = frozenset({"PSYCHOLOGICAL_COUNSELING"})
    plain = make_offer("o1", 1, person="p1", skills=skills)
    certified = make_offer("o2", 1, person="p2", skills=skills, certified=skills)
    # when matched
    result, _ = match_and_explain([need], [plain, certified], NOW)
    # then the certified one goes, and the reasons name the certificate
    (allocation,) = result.allocations
    assert allocation.offer_id == "o2"
    assert "certified in psychological counseling" in allocation.explanation.summary


def test_a_need_without_a_point_is_measured_from_its_county_centre(make_need, make_offer) -> None:
    # given a need with its county's centre as its point, as rows without one are given
    need = make_need("n1", 1, location_estimated=True)
    # when matched
    result, _ = match_and_explain([need], [make_offer("o1", 1)], NOW)
    # then its distance says where it is measured from
    assert "distance from the county's centre" in result.allocations[0].explanation.summary
