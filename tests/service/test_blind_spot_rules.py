"""Blind spots, called as use cases and as the daily job on a real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from domain.incidents.blind_spots import (
    MarkRegionAssessed,
    alert_blind_spots,
    blind_spots,
    incident_regions,
    mark_region_assessed,
)
from domain.incidents.model import Incident
from domain.incidents.services import CreateIncident, create_incident
from domain.kernel.audit import AuditEntry
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import Hazard, ResponseLevel
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import BLIND_SPOTS, OutboxEvent
from domain.matching.model import Urgency
from domain.needs.services import NeedFields, PublishNeed, publish_need
from tests.service.scene import NEEDED_BY, lu_an_office
from tests.service.test_allocation_rules import refusals
from tests.service.test_deadline_rules import office_of

STARTED = datetime(2020, 7, 19, 0, 0, tzinfo=UTC)
AFTER = timedelta(hours=48)
LU_AN_COUNTIES = ["341502", "341503", "341504", "341522", "341523", "341524", "341525"]


async def lu_an_flood(db: Database, staff: Principal) -> Incident:
    """A flood over the whole Lu'an prefecture, started 2020-07-19 00:00 UTC."""
    command = CreateIncident(
        name="2020年7月六安洪涝",
        hazard=Hazard.FLOOD,
        response_level=ResponseLevel.LEVEL_II,
        region_codes=["341500"],
        started_at=STARTED,
    )
    incident: Incident = await db.run(lambda s: create_incident(s, staff, command))
    return incident


async def spots(db: Database, incident: Incident, now: datetime) -> list[str]:
    async with db.transaction() as session:
        found = await blind_spots(session, incident, after=AFTER, now=now)
    return [b.region_code for b in found]


async def publish(db: Database, staff: Principal, incident: Incident, region_code: str) -> None:
    fields = NeedFields(quantity=10, urgency=Urgency.HIGH, needed_by=NEEDED_BY)
    command = PublishNeed(incident.id, region_code, "TENTS", fields=fields)
    await db.run(lambda s: publish_need(s, staff, command))


def test_a_prefecture_wide_incident_is_looked_at_county_by_county() -> None:
    # given an incident over the Lu'an prefecture / then its regions are its seven counties
    incident = Incident(region_codes=["341500"])
    assert incident_regions(incident) == LU_AN_COUNTIES


async def test_counties_without_need_or_assessment_are_blind_spots_after_the_set_time(
    db: Database,
) -> None:
    # given a prefecture-wide flood, with a need published for Yu'an
    staff = await lu_an_office(db)
    incident = await lu_an_flood(db, staff)
    await publish(db, staff, incident, "341503")

    # when 47 hours have passed, then there is no blind spot yet
    assert await spots(db, incident, STARTED + timedelta(hours=47)) == []
    # when 48 have, then every county but Yu'an is one, since the 48th hour
    found = await spots(db, incident, STARTED + AFTER)
    assert found == [c for c in LU_AN_COUNTIES if c != "341503"]
    async with db.transaction() as session:
        first = (await blind_spots(session, incident, after=AFTER, region_code="341522"))[0]
    assert (first.region_code, first.since) == ("341522", STARTED + AFTER)


async def test_an_assessment_clears_a_blind_spot_and_is_audited(db: Database) -> None:
    # given a prefecture-wide flood and the office of Huoqiu county
    staff = await lu_an_office(db)
    incident = await lu_an_flood(db, staff)
    huoqiu = await office_of(db, "341522", "霍邱县民政局")

    # when Huoqiu's office marks Huoqiu assessed
    command = MarkRegionAssessed(incident.id, "341522", "已走访，暂无需求")
    await db.run(lambda s: mark_region_assessed(s, huoqiu, command))

    # then Huoqiu is no blind spot, and the audit log says who assessed it
    assert "341522" not in await spots(db, incident, STARTED + timedelta(days=3))
    async with db.transaction() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "region.assessed")
        )
    assert entry is not None
    assert (entry.actor_account_id, entry.region_code) == (huoqiu.account_id, "341522")
    assert entry.details["note"] == "已走访，暂无需求"


async def test_only_an_office_holding_a_county_of_the_incident_assesses_it(db: Database) -> None:
    # given a prefecture-wide flood and the office of Huoqiu county
    staff = await lu_an_office(db)
    incident = await lu_an_flood(db, staff)
    huoqiu = await office_of(db, "341522", "霍邱县民政局")

    async def mark(who: Principal, code: str) -> list[tuple[object, ErrorCode]]:
        with pytest.raises(DomainError) as refused:
            await db.run(
                lambda s: mark_region_assessed(s, who, MarkRegionAssessed(incident.id, code))
            )
        return refusals(refused)

    # when Huoqiu marks Yu'an, then it is out of its jurisdiction
    assert await mark(huoqiu, "341503") == [(("region_code",), ErrorCode.OUT_OF_JURISDICTION)]
    # when the prefecture marks itself or Hefei, then neither is a county of the incident
    assert await mark(staff, "341500") == [(("region_code",), ErrorCode.INVALID)]
    assert await mark(staff, "340102") == [(("region_code",), ErrorCode.INVALID)]
    # when an unknown code is sent, then it is named so
    assert await mark(staff, "349999") == [(("region_code",), ErrorCode.UNKNOWN_REGION)]


async def alerts(db: Database) -> list[tuple[str, list[str]]]:
    async with db.transaction() as session:
        rows = (
            await session.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.topic == BLIND_SPOTS)
                .order_by(OutboxEvent.created_at)
            )
        ).all()
    return [(str(r.payload["officeId"]), list(r.payload["regionCodes"])) for r in rows]


async def test_the_answering_offices_hear_of_blind_spots_once_a_day_until_resolved(
    db: Database,
) -> None:
    # given a prefecture-wide flood, Huoqiu's county office, and needs in all but two counties
    staff = await lu_an_office(db)
    incident = await lu_an_flood(db, staff)
    huoqiu = await office_of(db, "341522", "霍邱县民政局")
    for code in ("341502", "341503", "341504", "341523", "341524"):
        await publish(db, staff, incident, code)

    # when the job runs three times on 2020-07-21 (China time) and once on the next day
    day = datetime(2020, 7, 21, 2, 0, tzinfo=UTC)  # 10:00 in China
    runs = [
        await db.run(lambda s, at=at: alert_blind_spots(s, AFTER, at))
        for at in (
            day,
            day + timedelta(hours=1),
            day + timedelta(hours=13),
            day + timedelta(days=1),
        )
    ]

    # then one alert went each day: Huoqiu's own to Huoqiu, Huoshan's to the prefecture
    assert runs == [1, 0, 0, 1]
    expected = [(str(huoqiu.office_id), ["341522"]), (str(staff.office_id), ["341525"])]
    sent = await alerts(db)
    assert sorted(sent[:2]) == sorted(expected) and sorted(sent[2:]) == sorted(expected)

    # when both are resolved, then the next day brings no alert
    await publish(db, staff, incident, "341525")
    await db.run(
        lambda s: mark_region_assessed(s, huoqiu, MarkRegionAssessed(incident.id, "341522"))
    )
    assert await db.run(lambda s: alert_blind_spots(s, AFTER, day + timedelta(days=2))) == 0
    assert len(await alerts(db)) == 4


async def test_two_workers_running_the_daily_job_at_once_send_one_alert(db: Database) -> None:
    # given a prefecture-wide flood with blind spots
    staff = await lu_an_office(db)
    await lu_an_flood(db, staff)
    day = datetime(2020, 7, 22, 2, 0, tzinfo=UTC)

    # when two workers run the job at the same moment
    runs = await asyncio.gather(
        db.run(lambda s: alert_blind_spots(s, AFTER, day)),
        db.run(lambda s: alert_blind_spots(s, AFTER, day)),
    )

    # then one of them claimed the day, and the office hears once
    assert sorted(runs) == [0, 1]
    assert len(await alerts(db)) == 1
