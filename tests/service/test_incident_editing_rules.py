"""Changing an incident as it unfolds, called as the use case on a real database."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from domain.incidents.editing import UpdateIncident, update_incident
from domain.incidents.model import Incident
from domain.incidents.services import CreateIncident, UpdatePhase, create_incident, update_phase
from domain.kernel.audit import AuditEntry
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.enums import Hazard, IncidentPhase, ResponseLevel
from domain.kernel.errors import DomainError, ErrorCode
from domain.needs.model import Need
from domain.needs.services import CancelNeed, cancel_need
from tests.service.scene import lu_an_office
from tests.service.test_allocation_rules import refusals
from tests.service.test_blind_spot_rules import AFTER, STARTED, publish, spots
from tests.service.test_deadline_rules import office_of


async def yu_an_flood(db: Database, staff: Principal) -> Incident:
    """A flood in Yu'an district only, started 2020-07-19 00:00 UTC."""
    command = CreateIncident(
        name="裕安区洪涝",
        hazard=Hazard.FLOOD,
        response_level=ResponseLevel.LEVEL_III,
        region_codes=["341503"],
        started_at=STARTED,
    )
    incident: Incident = await db.run(lambda s: create_incident(s, staff, command))
    return incident


async def update(db: Database, who: Principal, command: UpdateIncident) -> Incident:
    incident: Incident = await db.run(lambda s: update_incident(s, who, command))
    return incident


async def refused(db: Database, who: Principal, command: UpdateIncident) -> list[tuple]:
    with pytest.raises(DomainError) as refusal:
        await update(db, who, command)
    # A field is named by its path; these are all top-level.
    return [(f[0] if isinstance(f, tuple) else f, code) for f, code in refusals(refusal)]


async def stored(db: Database, incident: Incident) -> Incident:
    async with db.transaction() as session:
        found = await session.get(Incident, incident.id)
    assert found is not None
    return found


async def test_a_spreading_flood_takes_a_county_whose_blind_spot_clock_starts_then(
    db: Database,
) -> None:
    # given a flood in Yu'an, with a need there
    staff = await lu_an_office(db)
    incident = await yu_an_flood(db, staff)
    await publish(db, staff, incident, "341503")

    # when the office adds Huoqiu, raises the level and renames the incident
    command = UpdateIncident(
        incident.id,
        name="裕安区、霍邱县洪涝",
        response_level=ResponseLevel.LEVEL_II,
        add_region_codes=["341522"],
    )
    await update(db, staff, command)

    # then the incident reaches both, under its new name and level
    changed = await stored(db, incident)
    assert changed.region_codes == ["341503", "341522"]
    assert (changed.name, changed.response_level) == ("裕安区、霍邱县洪涝", ResponseLevel.LEVEL_II)
    # and Huoqiu is no blind spot until the set time after it was added
    added = datetime.fromisoformat(changed.region_added_at["341522"])
    assert await spots(db, changed, STARTED + timedelta(days=1) + AFTER) == []
    assert await spots(db, changed, added + AFTER - timedelta(minutes=1)) == []
    assert await spots(db, changed, added + AFTER) == ["341522"]
    # and the change is in the audit log
    async with db.transaction() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "incident.updated")
        )
    assert entry is not None
    assert entry.details["regions"] == {"added": ["341522"], "removed": []}
    assert entry.details["responseLevel"] == {"from": "LEVEL_III", "to": "LEVEL_II"}


async def test_a_region_leaves_only_when_no_live_need_holds_it(db: Database) -> None:
    # given a flood reaching Yu'an and Huoqiu, with a need in Huoqiu
    staff = await lu_an_office(db)
    incident = await yu_an_flood(db, staff)
    await update(db, staff, UpdateIncident(incident.id, add_region_codes=["341522"]))
    await publish(db, staff, incident, "341522")

    # when the office removes Huoqiu / then it is refused while the need is live
    remove = UpdateIncident(incident.id, remove_region_codes=["341522"])
    assert await refused(db, staff, remove) == [("remove_region_codes", ErrorCode.INVALID)]

    # when the need is cancelled / then Huoqiu leaves the incident, and its clock with it
    async with db.transaction() as session:
        need = await session.scalar(select(Need).where(Need.region_code == "341522"))
    assert need is not None
    await db.run(lambda s: cancel_need(s, staff, CancelNeed(need.id, "并入裕安区需求")))
    await update(db, staff, remove)
    changed = await stored(db, incident)
    assert changed.region_codes == ["341503"]
    assert changed.region_added_at == {}


async def test_bad_changes_are_named_and_nothing_is_written(db: Database) -> None:
    # given a flood in Yu'an
    staff = await lu_an_office(db)
    incident = await yu_an_flood(db, staff)

    # when regions are added and removed wrongly, all at once
    command = UpdateIncident(
        incident.id,
        name="  ",
        add_region_codes=["341503", "999999", "110101"],
        remove_region_codes=["341522"],
    )
    # then each is named on its field
    assert sorted(await refused(db, staff, command), key=str) == sorted(
        [
            ("name", ErrorCode.REQUIRED),
            ("add_region_codes", ErrorCode.INVALID),  # Yu'an is in already
            ("add_region_codes", ErrorCode.UNKNOWN_REGION),
            ("add_region_codes", ErrorCode.OUT_OF_JURISDICTION),  # Beijing
            ("remove_region_codes", ErrorCode.INVALID),  # not one of its regions
        ],
        key=str,
    )
    # and removing the last region leaves none
    last = UpdateIncident(incident.id, remove_region_codes=["341503"])
    assert await refused(db, staff, last) == [("remove_region_codes", ErrorCode.REQUIRED)]
    # and nothing changed
    unchanged = await stored(db, incident)
    assert (unchanged.name, unchanged.region_codes) == ("裕安区洪涝", ["341503"])


async def test_only_the_governing_office_changes_an_open_incident(db: Database) -> None:
    # given a flood in Yu'an, and the office of Huoqiu county
    staff = await lu_an_office(db)
    incident = await yu_an_flood(db, staff)
    huoqiu = await office_of(db, "341522", "霍邱县民政局")
    rename = UpdateIncident(incident.id, name="改名")

    # then Huoqiu's office may not change it, nor anyone change an unknown incident
    assert await refused(db, huoqiu, rename) == [("incident_id", ErrorCode.OUT_OF_JURISDICTION)]
    unknown = UpdateIncident(uuid.uuid4(), name="改名")
    assert await refused(db, staff, unknown) == [("incident_id", ErrorCode.NOT_FOUND)]

    # when the incident is closed / then it is not changed any more
    closing = UpdatePhase(incident.id, IncidentPhase.CLOSED)
    await db.run(lambda s: update_phase(s, staff, closing))
    assert await refused(db, staff, rename) == [("incident_id", ErrorCode.INVALID_TRANSITION)]
