"""Which offers may serve which needs: place, category, time window, skills."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
import pytest

from domain.matching import (
    GeoPoint,
    NeedSpec,
    OfferSpec,
    candidate_pairs,
    haversine_km,
    is_compatible,
)

NeedFactory = Callable[..., NeedSpec]
OfferFactory = Callable[..., OfferSpec]


@pytest.mark.parametrize(
    ("service_codes", "expected"),
    [
        (("341503",), True),  # the county itself
        (("341500",), True),  # its prefecture
        (("340000",), True),  # its province
        (("341502", "340100"), False),  # a sibling county and another prefecture
        (("420000",), False),  # another province
        ((), False),  # no service area and no radius
    ],
)
def test_service_area_is_the_code_subtree(
    make_need: NeedFactory,
    make_offer: OfferFactory,
    now: datetime,
    service_codes: tuple[str, ...],
    expected: bool,
) -> None:
    # given a need in Yu'an district (341503)
    need = make_need("n1", region_code="341503")
    offer = make_offer("o1", service_region_codes=service_codes)
    # when pairs are computed
    pairs = candidate_pairs([need], [offer], now)
    # then the offer reaches the need exactly when a service code's subtree holds it
    assert (pairs.ids() == [("n1", "o1")]) is expected
    assert is_compatible(need, offer, now) is expected


def test_nested_service_codes_give_one_pair(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given an offer listing a province and a county inside it
    offer = make_offer("o1", service_region_codes=("340000", "341503"))
    # when pairs are computed
    pairs = candidate_pairs([make_need("n1")], [offer], now)
    # then the need appears once
    assert pairs.ids() == [("n1", "o1")]


def test_travel_radius_reaches_beyond_the_service_area(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need in Hubei 40 km from a team's base, outside its Anhui service area
    base = GeoPoint(30.5, 114.3)
    near = GeoPoint(30.5, 114.717)
    need = make_need("n1", region_code="420102", location=near)
    reaching = make_offer("o1", base_location=base, max_travel_km=50.0)
    short = make_offer("o2", base_location=base, max_travel_km=30.0)
    # when pairs are computed
    pairs = candidate_pairs([need], [reaching, short], now)
    # then only the team with the longer radius reaches it, flagged as served by radius
    assert pairs.ids() == [("n1", "o1")]
    assert bool(pairs.via_radius[0]) is True
    assert pairs.distance_km[0] == pytest.approx(haversine_km(base, near))
    assert 39.0 < pairs.distance_km[0] < 41.0


def test_distance_is_unknown_without_both_points(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a need without a point
    need = make_need("n1", location=None)
    # when pairs are computed
    pairs = candidate_pairs([need], [make_offer("o1")], now)
    # then the pair exists (service area) but its distance is unknown
    assert pairs.ids() == [("n1", "o1")]
    assert np.isnan(pairs.distance_km[0])
    assert bool(pairs.via_radius[0]) is False


def test_category_and_skills_must_fit(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given a counselling need requiring a skill
    need = make_need(
        "n1", category_code="PSYCHOLOGICAL_SUPPORT", required_skills=frozenset({"PSY"})
    )
    offers = [
        make_offer("o-water"),
        make_offer("o-unskilled", category_code="PSYCHOLOGICAL_SUPPORT"),
        make_offer(
            "o-skilled",
            category_code="PSYCHOLOGICAL_SUPPORT",
            skills=frozenset({"PSY", "SOCIAL_WORK"}),
        ),
    ]
    # when pairs are computed
    pairs = candidate_pairs([need], offers, now)
    # then only the same-category offer holding the skill qualifies
    assert pairs.ids() == [("n1", "o-skilled")]


@pytest.mark.parametrize(
    ("start_h", "end_h", "needed_h", "expected"),
    [
        (-24, 48, 30, True),  # available now, until after needed-by
        (10, 48, 30, True),  # starts later but before needed-by
        (31, 48, 30, False),  # starts after needed-by
        (-48, -1, 30, False),  # ended before now
        (-48, 5, 30, True),  # ends before needed-by but can still deliver now
        (-48, 48, -6, True),  # overdue need: due now, offer available now
        (2, 48, -6, False),  # overdue need: offer not yet available
    ],
)
def test_availability_window_must_meet_now_to_needed_by(
    make_need: NeedFactory,
    make_offer: OfferFactory,
    now: datetime,
    start_h: int,
    end_h: int,
    needed_h: int,
    expected: bool,
) -> None:
    # given an offer window and a needed-by time relative to now
    need = make_need("n1", needed_by=now + timedelta(hours=needed_h))
    offer = make_offer(
        "o1",
        available_from=now + timedelta(hours=start_h),
        available_until=now + timedelta(hours=end_h),
    )
    # when pairs are computed
    pairs = candidate_pairs([need], [offer], now)
    # then the pair exists exactly when the window meets [now, max(needed_by, now)]
    assert (len(pairs) == 1) is expected
    assert is_compatible(need, offer, now) is expected


def test_slack_counts_from_when_the_offer_is_available(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given an offer available from 6 h ahead and a need due in 30 h
    need = make_need("n1", needed_by=now + timedelta(hours=30))
    offer = make_offer("o1", available_from=now + timedelta(hours=6))
    # when pairs are computed
    pairs = candidate_pairs([need], [offer], now)
    # then the slack is 24 h
    assert pairs.slack_hours[0] == pytest.approx(24.0)


def test_pairs_are_in_id_order_whatever_the_input_order(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given two needs and two offers in scrambled order
    needs = [make_need("n2"), make_need("n1")]
    offers = [make_offer("o2"), make_offer("o1")]
    # when pairs are computed
    pairs = candidate_pairs(needs, offers, now)
    # then they come need-major, offer-minor by id
    assert pairs.ids() == [("n1", "o1"), ("n1", "o2"), ("n2", "o1"), ("n2", "o2")]


def test_duplicate_ids_and_naive_times_are_refused(
    make_need: NeedFactory, make_offer: OfferFactory, now: datetime
) -> None:
    # given two needs sharing an id
    needs = [make_need("n1"), make_need("n1")]
    # when / then pairs are refused
    with pytest.raises(ValueError, match="duplicate need ids"):
        candidate_pairs(needs, [make_offer("o1")], now)
    # and a naive 'now' is refused too
    with pytest.raises(ValueError, match="timezone-aware"):
        candidate_pairs([make_need("n1")], [], now.replace(tzinfo=None))
