"""Coverage of people: per incident and county, who is registered, visited, not found,
what findings are still open, and the share visited within the deadline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.blind_spots import incident_regions
from domain.incidents.model import Incident
from domain.kernel import regions
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.needs.model import Need
from domain.needs.services import ACTIVE
from domain.people.access import visible_people
from domain.people.model import Person
from domain.visits.model import CheckStatus, FindingReferral, ReferralKind, Visit, VisitStatus
from domain.visits.records import visible_visits


@dataclass(slots=True)
class RegionVisits:
    region_code: str
    registered: int = 0
    planned: int = 0
    visited: int = 0
    not_found: int = 0
    at_risk: int = 0
    referrals_open: int = 0
    overdue: int = 0
    # Persons a round gave a deadline, and those of them found by it: a person not found
    # was reached but not seen, so counts apart (not_found), never as visited.
    due: int = 0
    on_time: int = 0
    # Registered persons no round of the incident has planned yet (registered since).
    unplanned: int = 0

    @property
    def visited_on_time_share(self) -> float | None:
        return share(self.on_time, self.due)


def share(part: int, whole: int) -> float | None:
    """part / whole; null before any round gave anyone a deadline."""
    return None if whole == 0 else part / whole


@dataclass(slots=True)
class VisitCoverage:
    by_region: list[RegionVisits] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(region, name) for region in self.by_region)

    @property
    def visited_on_time_share(self) -> float | None:
        """Of the persons the rounds gave a deadline, the share visited and found by it;
        null before any round."""
        return share(self.total("on_time"), self.total("due"))


async def visit_coverage(
    session: AsyncSession,
    incident: Incident,
    *,
    region_code: str | None = None,
    now: datetime | None = None,
) -> VisitCoverage:
    """The figures of every county the incident reaches (within `region_code` if given)."""
    now = now or utcnow()
    counties = [
        code
        for code in incident_regions(incident)
        if region_code is None or regions.covers(region_code, code)
    ]
    by_code = {code: RegionVisits(code) for code in counties}
    registered = await session.execute(
        select(Person.id, Person.region_code).where(Person.region_code.in_(counties))
    )
    people: dict[str, set[uuid.UUID]] = {code: set() for code in counties}
    for person_id, code in registered:
        people[code].add(person_id)
    visits = (
        await session.scalars(
            select(Visit).where(Visit.incident_id == incident.id, Visit.region_code.in_(counties))
        )
    ).all()
    referred = await _referred(session, incident.id)
    due: dict[str, set[uuid.UUID]] = {code: set() for code in counties}
    on_time: dict[str, set[uuid.UUID]] = {code: set() for code in counties}
    visited_people: dict[str, set[uuid.UUID]] = {code: set() for code in counties}
    missing_people: dict[str, set[uuid.UUID]] = {code: set() for code in counties}
    for visit in visits:
        region = by_code[visit.region_code]
        region.planned += 1
        due[visit.region_code].add(visit.person_id)
        if visit.status is VisitStatus.PLANNED:
            region.overdue += visit.due_at < now
            continue
        if visit.status is VisitStatus.VISITED:
            visited_people[visit.region_code].add(visit.person_id)
            if visit.visited_at is not None and visit.visited_at <= visit.due_at:
                on_time[visit.region_code].add(visit.person_id)
            region.at_risk += sum(
                1
                for check in visit.checks
                if check["status"] != CheckStatus.OK.value
                and (visit.id, check["item"]) not in referred
            )
        else:
            missing_people[visit.region_code].add(visit.person_id)
    for code, region in by_code.items():
        region.registered = len(people[code])
        region.visited = len(visited_people[code])
        region.not_found = len(missing_people[code] - visited_people[code])
        region.due = len(due[code])
        region.on_time = len(on_time[code])
        region.unplanned = len(people[code] - due[code])
    for code, count in (await _open_referrals(session, incident.id)).items():
        if code in by_code:
            by_code[code].referrals_open = count
    return VisitCoverage([by_code[code] for code in counties])


async def _referred(session: AsyncSession, incident_id: uuid.UUID) -> set[tuple[uuid.UUID, str]]:
    rows = await session.execute(
        select(FindingReferral.visit_id, FindingReferral.item).where(
            FindingReferral.incident_id == incident_id
        )
    )
    return {(visit_id, item.value) for visit_id, item in rows}


async def _open_referrals(session: AsyncSession, incident_id: uuid.UUID) -> dict[str, int]:
    """County -> referrals still open: a department's not closed, a need still asking."""
    rows = await session.execute(
        select(FindingReferral.region_code, FindingReferral.kind, Need.status)
        .outerjoin(Need, Need.id == FindingReferral.need_id)
        .where(FindingReferral.incident_id == incident_id, FindingReferral.closed_at.is_(None))
    )
    counts: dict[str, int] = {}
    for code, kind, status in rows:
        if kind is ReferralKind.DEPARTMENT or status in ACTIVE:
            counts[code] = counts.get(code, 0) + 1
    return counts


def unvisited(principal: Principal, incident_id: uuid.UUID) -> Select[Any]:
    """The visits of the incident still to make that the viewer may see, most vulnerable
    first, then the earliest deadline."""
    return (
        visible_visits(principal)
        .where(Visit.incident_id == incident_id, Visit.status == VisitStatus.PLANNED)
        .order_by(Visit.priority, Visit.due_at, Visit.created_at, Visit.id)
    )


def unplanned(principal: Principal, incident: Incident) -> Select[Any]:
    """The persons of the incident's counties that the viewer may identify and no round of
    the incident has planned (registered after the rounds), most vulnerable first."""
    planned = select(Visit.person_id).where(Visit.incident_id == incident.id)
    return (
        visible_people(principal)
        .where(
            Person.region_code.in_(incident_regions(incident)),
            Person.id.not_in(planned),
        )
        .order_by(Person.priority, Person.created_at, Person.id)
    )
