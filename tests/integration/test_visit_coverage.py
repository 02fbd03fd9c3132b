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
    assert seen["visitedOnTimeShare"] == 0.5
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
