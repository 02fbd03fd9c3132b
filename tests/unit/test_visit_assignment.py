"""Who visits whom: the matching engine's rule on plain values."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from domain.matching.model import Urgency
from domain.visits.assign import Capacity, Slot, assign, urgency_of

NOW = datetime(2020, 7, 21, 8, tzinfo=UTC)
DUE = NOW + timedelta(hours=72)


def _slots(*counties: str, priority: int = 35) -> list[Slot]:
    return [Slot(uuid.uuid4(), county, priority) for county in counties]


def _capacity(region: str, units: int, **extra: object) -> Capacity:
    window = {"available_from": NOW - timedelta(days=1), "available_until": NOW + timedelta(days=9)}
    return Capacity(uuid.uuid4(), region, units, **(window | extra))  # type: ignore[arg-type]


def test_providers_serving_the_county_take_visits_until_their_units_run_out() -> None:
    # given two providers of Yu'an, with 1 and 3 units, and the office's one staff member
    small, large = _capacity("341503", 1), _capacity("341503", 3)
    staff = uuid.uuid4()

    # when five visits of Yu'an are placed
    placed = assign(_slots(*["341503"] * 5), [small, large], [staff], now=NOW, due_at=DUE)

    # then the providers' four units are all used, none beyond, and staff take the fifth
    given = [p.allocation_id for p in placed]
    assert given.count(small.allocation_id) == 1 and given.count(large.allocation_id) == 3
    assert [p.account_id for p in placed if p.allocation_id is None] == [staff]


def test_when_capacity_is_short_the_most_vulnerable_are_covered_first() -> None:
    # given one unit, and three persons: a left-behind child, a destitute elder (the
    # most vulnerable), a disabled adult, in that order
    (child,) = _slots("341503", priority=35)
    (elder,) = _slots("341503", priority=10)
    (adult,) = _slots("341503", priority=25)
    provider = _capacity("341503", 1)

    # when they are placed
    placed = assign([child, elder, adult], [provider], [], now=NOW, due_at=DUE)

    # then the engine gives the unit to the elder, whatever the order of the slots
    assert [p.key for p in placed if p.allocation_id] == [elder.key]
    assert [p.key for p in placed] == [child.key, elder.key, adult.key]


def test_a_provider_of_another_region_never_visits_and_staff_share_the_rest() -> None:
    # given a provider for Jin'an only, and two staff members
    elsewhere = _capacity("341502", 10)
    first, second = uuid.uuid4(), uuid.uuid4()

    # when three visits of Yu'an are placed
    placed = assign(
        _slots("341503", "341503", "341503"), [elsewhere], [first, second], now=NOW, due_at=DUE
    )

    # then the staff take them in turn
    assert [p.account_id for p in placed] == [first, second, first]


def test_a_provider_whose_window_has_closed_visits_nobody() -> None:
    # given a provider of Yu'an whose offer ended yesterday
    closed = _capacity("341503", 5, available_until=NOW - timedelta(days=1))

    # when a visit is placed, with one staff member
    staff = uuid.uuid4()
    (placed,) = assign(_slots("341503"), [closed], [staff], now=NOW, due_at=DUE)

    # then the staff member takes it
    assert (placed.allocation_id, placed.account_id) == (None, staff)


def test_a_provider_for_the_prefecture_serves_its_counties() -> None:
    # given a provider whose need is for the whole of Lu'an
    prefecture = _capacity("341500", 2, volunteer_id=uuid.uuid4())

    # when a visit of Yu'an is placed, and nobody else could take it
    (placed,) = assign(_slots("341503"), [prefecture], [], now=NOW, due_at=DUE)

    # then the provider takes it
    assert placed.volunteer_id == prefecture.volunteer_id


def test_with_nobody_to_send_the_visit_waits_unassigned() -> None:
    # given no providers and no staff / when a visit is placed / then it waits
    (placed,) = assign(_slots("341503"), [], [], now=NOW, due_at=DUE)
    assert (placed.account_id, placed.allocation_id) == (None, None)


def test_the_registers_priority_becomes_the_engines_urgency() -> None:
    assert [urgency_of(p) for p in (10, 15, 20, 25, 30, 35, 45)] == [
        Urgency.CRITICAL,
        Urgency.HIGH,
        Urgency.HIGH,
        Urgency.MEDIUM,
        Urgency.MEDIUM,
        Urgency.LOW,
        Urgency.LOW,
    ]
