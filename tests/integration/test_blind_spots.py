"""Blind spots over GraphQL: listed on the incident's coverage, cleared by a published need
or an office's assessment, and told to the answering office once a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from domain.kernel.audit import AuditEntry
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP
from tests.steps.delivery import quick_retries
from tests.steps.registry import office_with_staff
from tests.steps.relief import flood_incident, lu_an_flood, ok, published_need, refused
from workers import jobs
from workers.embedded import EmbeddedWorkers

__all__ = ["quick_retries"]
# The flood of the steps started 2020-07-19 08:00 in China; 48 hours later is this.
SINCE = "2020-07-21T00:00:00+00:00"


async def blind_spots(api: ApiClient, incident: str) -> list[str]:
    gaps = await api.gql(LOOP["IncidentGaps"], {"id": incident})
    return [b["region"]["code"] for b in gaps["node"]["coverage"]["blindSpots"]]


async def test_a_county_with_no_need_and_no_assessment_is_a_blind_spot_until_assessed(
    api: ApiClient,
) -> None:
    # given a flood over Yu'an and Huoqiu long past its first 48 hours, and Yu'an's office
    admin, office, incident = await lu_an_flood(api)
    yu_an = await office_with_staff(api, admin, "341503", "裕安区民政局")

    # then both counties are blind spots, since the 48th hour, for anyone to read
    gaps = await api.gql(LOOP["IncidentGaps"], {"id": incident})
    listed = gaps["node"]["coverage"]["blindSpots"]
    assert [(b["region"]["code"], b["region"]["name"]) for b in listed] == [
        ("341503", "裕安区"),
        ("341522", "霍邱县"),
    ]
    assert {datetime.fromisoformat(b["since"]) for b in listed} == {datetime.fromisoformat(SINCE)}

    # when Yu'an's office publishes a need for Yu'an, then only Huoqiu is left
    await published_need(api, yu_an.token, incident, regionCode="341503")
    assert await blind_spots(api, incident) == ["341522"]

    # when Yu'an's office marks Huoqiu assessed, then it is refused: not its county
    mark = {"incidentId": incident, "regionCode": "341522", "note": "已走访，暂无需求"}
    await refused(
        api, "markRegionAssessed", mark, yu_an.token, (["regionCode"], "OUT_OF_JURISDICTION")
    )
    # when Lu'an's office marks it, then no blind spot is left, as the payload shows
    marked = await ok(api, "markRegionAssessed", mark, office.token)
    assert marked["incident"]["coverage"]["blindSpots"] == []

    # and the audit log keeps who assessed which region, with the note
    async with api.db.transaction() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "region.assessed")
        )
    assert entry is not None
    assert (entry.region_code, entry.details["note"]) == ("341522", "已走访，暂无需求")


async def test_a_region_outside_the_incident_or_a_closed_incident_is_refused(
    api: ApiClient,
) -> None:
    # given a flood over Yu'an and Huoqiu
    _, office, incident = await lu_an_flood(api)

    # when the office marks the prefecture itself, or a county the flood did not reach,
    # then the region is refused
    for code in ("341500", "341502"):
        values = {"incidentId": incident, "regionCode": code}
        await refused(api, "markRegionAssessed", values, office.token, (["regionCode"], "INVALID"))
    # when it closes the incident, then nothing is left to look at: no blind spot
    assert await blind_spots(api, incident) == ["341503", "341522"]
    await ok(api, "updateIncidentPhase", {"incidentId": incident, "phase": "CLOSED"}, office.token)
    assert await blind_spots(api, incident) == []
    # and a county of the CLOSED incident marked assessed is refused on the incident
    values = {"incidentId": incident, "regionCode": "341503"}
    await refused(
        api, "markRegionAssessed", values, office.token, (["incidentId"], "INVALID_TRANSITION")
    )


async def test_the_answering_office_hears_of_its_blind_spots_once_a_day(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given Lu'an's office, Huoqiu's county office, and a flood over Yu'an and Huoqiu
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    huoqiu = await office_with_staff(api, admin, "341522", "霍邱县民政局")
    incident = await flood_incident(api, office, ["341503", "341522"])
    timings = jobs.Timings(blind_spot_after=timedelta(hours=48))

    async def alerts(token: str) -> list[str]:
        """The bodies of the blind-spot messages in the inbox (a round's may come too)."""
        inbox = await api.gql(DISPATCH["Notifications"], {"first": 50}, token)
        nodes = [e["node"] for e in inbox["notifications"]["edges"]]
        return [n["body"] for n in nodes if "无需求、无评估" in n["subject"]]

    # when the periodic jobs run twice one day and once the next (China time)
    day = datetime.now(UTC).replace(hour=2, minute=0)
    for at in (day, day + timedelta(hours=6), day + timedelta(days=1)):
        await jobs.run_once(api.db, timings, now=at)
    await workers.drain()

    # then each office heard twice, of its own blind spot only
    huoqiu_heard = await alerts(huoqiu.token)
    lu_an_heard = await alerts(office.token)
    assert len(huoqiu_heard) == 2 and all("霍邱县" in body for body in huoqiu_heard)
    assert len(lu_an_heard) == 2 and all("裕安区" in body for body in lu_an_heard)
    assert not any("霍邱县" in body for body in lu_an_heard)

    # when both counties are resolved, then the following day brings nothing more
    await published_need(api, office.token, incident, regionCode="341503")
    mark = {"incidentId": incident, "regionCode": "341522"}
    await ok(api, "markRegionAssessed", mark, huoqiu.token)
    await jobs.run_once(api.db, timings, now=day + timedelta(days=2))
    await workers.drain()
    assert len(await alerts(huoqiu.token)) == 2
    assert len(await alerts(office.token)) == 2
