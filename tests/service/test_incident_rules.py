"""Who changes an incident's phase, called as use cases on a real database."""

from __future__ import annotations

import pytest

from domain.incidents.services import CreateIncident, UpdatePhase, create_incident, update_phase
from domain.kernel.db.engine import Database
from domain.kernel.enums import Hazard, IncidentPhase, NeedStatus, ResponseLevel
from domain.kernel.errors import DomainError, ErrorCode
from domain.needs.model import Need
from tests.service.scene import ADMIN, NEEDED_BY, drinking_water_need, lu_an_office
from tests.service.test_allocation_rules import refusals
from tests.service.test_deadline_rules import office_of


async def test_an_office_covering_every_region_closes_an_incident_it_did_not_open(
    db: Database,
) -> None:
    # given a flood over Yu'an opened by Lu'an, with a need, and Yu'an's county office
    prefecture = await lu_an_office(db)
    need = await drinking_water_need(db, prefecture)
    county = await office_of(db, "341503", "裕安区民政局")
    close = UpdatePhase(need.incident_id, IncidentPhase.CLOSED)

    # when the county office closes it, then that is allowed: it did not open the flood,
    # but its jurisdiction covers the flood's one region
    closed = await db.run(lambda s: update_phase(s, county, close))
    assert closed.phase is IncidentPhase.CLOSED


async def test_an_office_covering_some_regions_only_is_refused(db: Database) -> None:
    # given a flood over Yu'an and Huoqiu opened by Lu'an, and Yu'an's county office
    prefecture = await lu_an_office(db)
    county = await office_of(db, "341503", "裕安区民政局")
    opening = CreateIncident(
        name="六安洪涝",
        hazard=Hazard.FLOOD,
        response_level=ResponseLevel.LEVEL_II,
        region_codes=["341503", "341522"],
        started_at=NEEDED_BY,
    )
    incident = await db.run(lambda s: create_incident(s, prefecture, opening))

    # when Yu'an's office closes it, then it is refused on the incident
    close = UpdatePhase(incident.id, IncidentPhase.CLOSED)
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: update_phase(s, county, close))
    assert refusals(refused) == [(("incident_id",), ErrorCode.OUT_OF_JURISDICTION)]
    # and ADMIN, like the office that opened it, may
    assert (await db.run(lambda s: update_phase(s, ADMIN, close))).phase is IncidentPhase.CLOSED


async def test_the_office_that_opened_an_incident_closes_it_expiring_overdue_needs_too(
    db: Database,
) -> None:
    # given an incident ADMIN opened for Huoqiu's office over Huoqiu and Yu'an, with an
    # OVERDUE need of Yu'an
    huoqiu = await office_of(db, "341522", "霍邱县民政局")
    prefecture = await lu_an_office(db)
    opening = CreateIncident(
        name="霍邱洪涝",
        hazard=Hazard.FLOOD,
        response_level=ResponseLevel.LEVEL_III,
        region_codes=["341522", "341503"],
        started_at=NEEDED_BY,
        office_id=huoqiu.office_id,
    )
    incident = await db.run(lambda s: create_incident(s, ADMIN, opening))
    need = await drinking_water_need(db, prefecture)
    async with db.transaction() as session:
        row = await session.get(Need, need.id)
        assert row is not None
        row.incident_id, row.status = incident.id, NeedStatus.OVERDUE

    # when Huoqiu's office closes it, then it is CLOSED and the overdue need EXPIRED
    close = UpdatePhase(incident.id, IncidentPhase.CLOSED)
    assert (await db.run(lambda s: update_phase(s, huoqiu, close))).phase is IncidentPhase.CLOSED
    async with db.transaction() as session:
        assert (await session.get(Need, need.id)).status is NeedStatus.EXPIRED  # type: ignore[union-attr]
