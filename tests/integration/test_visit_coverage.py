"""Coverage of people: per incident and county, what the rounds reached, and the counties
left unvisited past the deadline among the incident's blind spots."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from domain.kernel.db.base import utcnow
from domain.visits.model import Visit
from tests.client import ApiClient
from tests.steps.people import (
    PEOPLE,
    checks,
    id_number,
    my_visits,
    plan_round,
    record,
    refer,
    registered,
)
from tests.steps.registry import office_staff, office_with_staff
from tests.steps.relief import flood_incident


async def test_coverage_counts_each_county_and_lists_the_unvisited_most_vulnerable_first(
    api: ApiClient,
) -> None:
    # given four persons of Yu'an in a round: one visited with two findings (one referred),
    # one not found, two still to visit
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341502"])
    for born, name in (
        ("19300101", "甲"),
        ("19250101", "乙"),
        ("19700101", "丙"),
        ("20220101", "丁"),
    ):
        await registered(api, office.token, name=name, idNumber=id_number(born))
    await plan_round(api, office.token, incident)
    first, second, *_ = await my_visits(api, office.token)
    found = checks(HOUSING="AT_RISK", DRINKING_WATER="NOT_OK")
    await record(api, office.token, first["id"], "c-1", checks=found)
    await refer(api, office.token, first["id"], "HOUSING")
    await record(
        api,
        office.token,
        second["id"],
        "c-2",
        outcome="NOT_FOUND",
        checks=[],
        notFoundReason="外出务工",
    )

    # when the office and another office read the coverage
    mine = await api.gql(PEOPLE["VisitCoverage"], {"id": incident}, office.token)
    hefei = await office_staff(api, admin, "340100")
    theirs = await api.gql(PEOPLE["VisitCoverage"], {"id": incident}, hefei)

    # then the figures are Yu'an's, with Jin'an empty
    seen = mine["node"]["visitCoverage"]
    assert (seen["registered"], seen["planned"], seen["visited"], seen["notFound"]) == (4, 4, 1, 1)
    assert (seen["atRisk"], seen["referralsOpen"], seen["overdue"]) == (1, 1, 0)
    # and of the four given a deadline, one was found by it (the one not found is not)
    assert seen["visitedOnTimeShare"] == 0.25
    by_region = {r["regionCode"]: r for r in seen["byRegion"]}
    assert by_region["341502"]["registered"] == 0 and by_region["341503"]["visited"] == 1
    # and the two still to visit are listed, most vulnerable first, to the office only
    assert [v["person"]["name"] for v in seen["unvisited"]] == ["丁", "丙"]
    assert theirs["node"]["visitCoverage"]["registered"] == 4
    assert theirs["node"]["visitCoverage"]["unvisited"] == []


async def test_a_county_with_people_unvisited_past_the_deadline_is_a_blind_spot(
    api: ApiClient,
) -> None:
    # given a round over Yu'an, where a need is published, and a person never visited
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await registered(api, office.token)
    await plan_round(api, office.token, incident, withinHours=24)
    before = await api.gql(PEOPLE["VisitCoverage"], {"id": incident}, office.token)

    # when the deadline passes (the round's deadline moved to an hour ago)
    async with api.db.transaction() as session:
        await session.execute(update(Visit).values(due_at=utcnow() - timedelta(hours=1)))
    after = await api.gql(PEOPLE["VisitCoverage"], {"id": incident}, office.token)

    # then Yu'an becomes a blind spot because of its unvisited people
    assert before["node"]["coverage"]["blindSpots"] == [] or all(
        b["reason"] == "NOTHING_SEEN" for b in before["node"]["coverage"]["blindSpots"]
    )
    spots = after["node"]["coverage"]["blindSpots"]
    assert [(b["region"]["code"], b["reason"]) for b in spots] == [("341503", "VISITS_OVERDUE")]
    assert after["node"]["visitCoverage"]["overdue"] == 1


async def test_each_county_has_its_share_on_time_and_people_registered_later_are_to_visit(
    api: ApiClient,
) -> None:
    # given a round over Yu'an (two persons) and Jin'an (two persons)
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341502"])
    for name, region in (("甲", "341503"), ("乙", "341503"), ("丙", "341502"), ("丁", "341502")):
        await registered(api, office.token, name=name, regionCode=region)
    await plan_round(api, office.token, incident)
    visits = {v["person"]["name"]: v["id"] for v in await my_visits(api, office.token)}
    # and Jin'an's deadline passed an hour ago
    async with api.db.transaction() as session:
        await session.execute(
            update(Visit)
            .where(Visit.region_code == "341502")
            .values(due_at=utcnow() - timedelta(hours=1))
        )

    # when 甲 is found in time, 乙 is not found, 丙 is found late, 丁 waits
    await record(api, office.token, visits["甲"], "c-1")
    await record(
        api,
        office.token,
        visits["乙"],
        "c-2",
        outcome="NOT_FOUND",
        checks=[],
        notFoundReason="外出务工",
    )
    await record(api, office.token, visits["丙"], "c-3")
    # and 戊 of Yu'an is registered after the round
    await registered(api, office.token, name="戊", idNumber=id_number("19320101"))
    seen = (await api.gql(PEOPLE["VisitCoverage"], {"id": incident}, office.token))["node"][
        "visitCoverage"
    ]

    # then each county says how many of its persons were found by the deadline
    by_region = {r["regionCode"]: r for r in seen["byRegion"]}
    yu_an, jin_an = by_region["341503"], by_region["341502"]
    assert (yu_an["registered"], yu_an["planned"], yu_an["unplanned"]) == (3, 2, 1)
    assert (yu_an["visited"], yu_an["notFound"], yu_an["visitedOnTimeShare"]) == (1, 1, 0.5)
    assert (jin_an["visited"], jin_an["overdue"], jin_an["visitedOnTimeShare"]) == (1, 1, 0.0)
    # and incident-wide: one of four found in time, one registered since the round
    assert (seen["visitedOnTimeShare"], seen["unplanned"], seen["notFound"]) == (0.25, 1, 1)
    # and everyone still to visit is listed: the visit planned for 丁, and 戊 whom no
    # round planned yet
    assert [v["person"]["name"] for v in seen["unvisited"]] == ["丁"]
    assert [p["name"] for p in seen["unplannedPeople"]] == ["戊"]
