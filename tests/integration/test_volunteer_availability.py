"""A volunteer says when they can serve: weekly slots in their zone, and date ranges."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.integration.documents import VOLUNTEERS
from tests.steps.registry import codes, register_volunteer, row_counts, verified_organization

WEEKDAYS = [
    {"weekday": "MONDAY", "from": "08:00", "until": "12:00"},
    {"weekday": "SATURDAY", "from": "09:30", "until": "18:00"},
]
RANGE = {"from": "2026-12-01T08:00:00+08:00", "until": "2026-12-05T20:00:00+08:00"}


async def _set(api: ApiClient, token: str | None, **values: Any) -> dict[str, Any]:
    return await api.mutate("setAvailability", VOLUNTEERS["SetAvailability"], values, token)


async def test_a_volunteer_sets_weekly_slots_and_ranges_and_reads_them_back(
    api: ApiClient,
) -> None:
    # given a signed-in volunteer
    _, token = await register_volunteer(api)
    # when they give two weekly slots and a range
    done = await _set(api, token, weekly=WEEKDAYS, ranges=[RANGE])
    # then they are kept, in the order of the week
    assert done["userErrors"] == [], done
    kept = done["volunteer"]["availability"]
    assert kept["weekly"] == WEEKDAYS
    assert [r["from"][:10] for r in kept["ranges"]] == ["2026-12-01"]
    mine = (await api.gql(VOLUNTEERS["MyVolunteerProfile"], {}, token))["viewer"]["volunteer"]
    assert mine["availability"]["timeZone"] == "Asia/Shanghai"
    # when they clear it
    cleared = await _set(api, token)
    # then they have said nothing again
    assert cleared["volunteer"]["availability"] is None


async def test_bad_slots_and_ranges_are_refused_naming_each(api: ApiClient) -> None:
    # given a signed-in volunteer
    _, token = await register_volunteer(api)
    before = await row_counts(api)
    backwards = {"weekday": "MONDAY", "from": "18:00", "until": "08:00"}
    not_a_time = {"weekday": "TUESDAY", "from": "8h", "until": "25:00"}
    empty_range = {"from": RANGE["until"], "until": RANGE["from"]}
    # when they send slots that end before they start, or are no time at all
    refused = await _set(api, token, weekly=[backwards, not_a_time], ranges=[empty_range])
    too_many = await _set(api, token, weekly=[WEEKDAYS[0]] * 22)
    bad_zone = await _set(api, token, weekly=WEEKDAYS, timeZone="Mars/Olympus")
    # then each is named, and nothing is written
    assert codes(refused) == [
        (["weekly", "0"], "INVALID"),
        (["weekly", "1"], "INVALID"),
        (["ranges", "0"], "INVALID"),
    ]
    assert codes(too_many) == [(["weekly"], "TOO_LONG")]
    assert codes(bad_zone) == [(["timeZone"], "INVALID")]
    assert await row_counts(api) == before


async def test_only_a_signed_in_volunteer_has_an_availability(api: ApiClient) -> None:
    # given an organization's admin, and nobody signed in
    admin = await api.admin_token()
    organization = await verified_organization(api, admin, 1)
    # when either sets an availability
    anonymous = await _set(api, None, weekly=WEEKDAYS)
    not_volunteer = await _set(api, organization.token, weekly=WEEKDAYS)
    # then it is refused
    assert codes(anonymous) == [(None, "UNAUTHENTICATED")]
    assert codes(not_volunteer) == [(None, "FORBIDDEN")]
