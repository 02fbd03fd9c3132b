"""Who visits whom: the rule on plain values."""

from __future__ import annotations

import uuid

from domain.visits.assign import Capacity, Slot, assign


def _slots(*counties: str) -> list[Slot]:
    return [Slot(uuid.uuid4(), county) for county in counties]


def test_providers_serving_the_county_take_visits_in_turn_until_their_units_run_out() -> None:
    # given two providers of Yu'an, with 1 and 3 units, and the office's one staff member
    small, large = Capacity(uuid.uuid4(), "341503", 1), Capacity(uuid.uuid4(), "341503", 3)
    staff = uuid.uuid4()

    # when five visits of Yu'an are placed
    placed = assign(_slots(*["341503"] * 5), [small, large], [staff])

    # then each provider gets one before any gets more, then the rest goes to the staff
    assert [p.allocation_id for p in placed] == [
        small.allocation_id,
        large.allocation_id,
        large.allocation_id,
        large.allocation_id,
        None,
    ]
    assert placed[-1].account_id == staff


def test_a_provider_of_another_region_never_visits_and_staff_share_the_rest() -> None:
    # given a provider for Jin'an only, and two staff members
    elsewhere = Capacity(uuid.uuid4(), "341502", 10)
    first, second = uuid.uuid4(), uuid.uuid4()

    # when three visits of Yu'an are placed
    placed = assign(_slots("341503", "341503", "341503"), [elsewhere], [first, second])

    # then the staff take them in turn
    assert [p.account_id for p in placed] == [first, second, first]


def test_a_provider_for_the_prefecture_serves_its_counties() -> None:
    # given a provider whose need is for the whole of Lu'an
    prefecture = Capacity(uuid.uuid4(), "341500", 2, volunteer_id=uuid.uuid4())

    # when a visit of Yu'an is placed, and nobody else could take it
    (placed,) = assign(_slots("341503"), [prefecture], [])

    # then the provider takes it
    assert placed.volunteer_id == prefecture.volunteer_id


def test_with_nobody_to_send_the_visit_waits_unassigned() -> None:
    # given no providers and no staff / when a visit is placed / then it waits
    (placed,) = assign(_slots("341503"), [], [])
    assert (placed.account_id, placed.allocation_id) == (None, None)
