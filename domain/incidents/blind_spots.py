"""Blind spots (无死角): regions of an incident nobody has looked at.

A region of an incident (down to counties: a prefecture-wide incident is looked at
county by county) is a blind spot once the set time after the incident's start has
passed with no sign that anyone looked at it: no need published for it and no
assessment recorded. It stays one until such a sign appears; an office whose
jurisdiction holds it may record "assessed: nothing needed", and the office answering
for it hears of it once a day."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.model import Incident, RegionAssessment
from domain.incidents.services import require_office_role
from domain.kernel import audit, regions, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import IncidentPhase, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import BLIND_SPOTS, emit
from domain.needs.model import Need
from domain.registry.model import Office
from domain.visits import signs

# The offices' working day: the daily alert goes once per calendar day in China.
OFFICE_DAY = timezone(timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class BlindSpot:
    region_code: str
    since: datetime
    # NOTHING_SEEN: no sign anyone looked; VISITS_OVERDUE: registered people of the county
    # are still unvisited past their visit round's deadline.
    reason: str = "NOTHING_SEEN"


@dataclass(frozen=True, slots=True)
class MarkRegionAssessed:
    incident_id: uuid.UUID
    region_code: str
    note: str | None = None


def incident_regions(incident: Incident) -> list[str]:
    """The regions an incident reaches, each listed one taken down to its counties."""
    return sorted({leaf for code in incident.region_codes for leaf in regions.lowest_under(code)})


async def _regions_with_needs(session: AsyncSession, incident_id: uuid.UUID) -> set[str]:
    rows = await session.scalars(
        select(Need.region_code).where(Need.incident_id == incident_id).distinct()
    )
    return set(rows.all())


async def _regions_assessed(session: AsyncSession, incident_id: uuid.UUID) -> set[str]:
    rows = await session.scalars(
        select(RegionAssessment.region_code)
        .where(RegionAssessment.incident_id == incident_id)
        .distinct()
    )
    return set(rows.all())


# What shows that someone looked at a region: a need, an assessment, a patrol visit.
SIGNS: tuple[Callable[[AsyncSession, uuid.UUID], Awaitable[set[str]]], ...] = (
    _regions_with_needs,
    _regions_assessed,
    signs.regions_visited,
)


async def blind_spots(
    session: AsyncSession,
    incident: Incident,
    *,
    after: timedelta,
    now: datetime | None = None,
    region_code: str | None = None,
) -> list[BlindSpot]:
    """The incident's blind spots now (within `region_code`'s subtree if given): regions
    nobody looked at once `after` has passed, and regions whose registered people are
    unvisited past their round's deadline, whatever else was seen there. A CLOSED
    incident has none: it asks for nothing more, so nothing is left to look at."""
    now = now or utcnow()
    if incident.phase is IncidentPhase.CLOSED:
        return []
    overdue = await signs.regions_overdue(session, incident.id, now)
    seen: set[str] = set()
    if now >= incident.started_at + after:
        for sign in SIGNS:
            seen |= await sign(session, incident.id)
    found = []
    for code in incident_regions(incident):
        if region_code is not None and not regions.covers(region_code, code):
            continue
        since = region_clock(incident, code) + after
        if code in overdue:
            found.append(BlindSpot(code, overdue[code], "VISITS_OVERDUE"))
        elif now >= since and not any(regions.covers(code, looked_at) for looked_at in seen):
            found.append(BlindSpot(code, since))
    return found


def region_clock(incident: Incident, code: str) -> datetime:
    """When the incident began to reach `code`: its start, or the time an office added
    the region that holds `code`, if later."""
    added = [
        datetime.fromisoformat(when)
        for held, when in (incident.region_added_at or {}).items()
        if regions.covers(held, code)
    ]
    return max([incident.started_at, *added])


async def mark_region_assessed(
    session: AsyncSession, principal: Principal, command: MarkRegionAssessed
) -> Incident:
    """An office whose jurisdiction holds the region records that it was assessed and
    needs nothing now; the region stops being a blind spot. Audited."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    incident = await session.get(Incident, command.incident_id)
    if incident is None:
        raise DomainError.single("incident_id", ErrorCode.NOT_FOUND, "No such incident.")
    errors = Errors()
    if validation.region(errors, "region_code", command.region_code):
        if command.region_code not in incident_regions(incident):
            errors.add(
                "region_code",
                ErrorCode.INVALID,
                "Name a county (or other lowest-level region) the incident affects.",
            )
        elif not principal.covers_region(command.region_code):
            errors.add(
                "region_code",
                ErrorCode.OUT_OF_JURISDICTION,
                "This region is outside your office's jurisdiction.",
            )
    if incident.phase is IncidentPhase.CLOSED:
        errors.add("incident_id", ErrorCode.INVALID_TRANSITION, "The incident is CLOSED.")
    note = validation.text(errors, "note", command.note, max_length=2000, required=False)
    errors.raise_if_any()
    assessment = RegionAssessment(
        incident_id=incident.id,
        region_code=command.region_code,
        office_id=principal.office_id,
        account_id=principal.account_id,
        note=note,
        assessed_at=utcnow(),
    )
    await audit.created(
        session,
        principal,
        "region.assessed",
        assessment,
        region_code=command.region_code,
        details={"incident": str(incident.id), "note": note},
    )
    return incident


def _day_start(now: datetime) -> datetime:
    local = now.astimezone(OFFICE_DAY)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


async def _answering_offices(
    session: AsyncSession, incident: Incident, codes: list[str]
) -> dict[uuid.UUID, list[str]]:
    """Office -> the blind spots it answers for: for each region the nearest office whose
    jurisdiction holds it (a county office before its prefecture), else the incident's."""
    ancestry = {code: [r.code for r in regions.path(code)] for code in codes}
    wanted = {c for chain in ancestry.values() for c in chain}
    offices = (
        await session.scalars(
            select(Office).where(Office.region_code.in_(wanted)).order_by(Office.created_at)
        )
    ).all()
    by_region: dict[str, list[Office]] = {}
    for office in offices:
        by_region.setdefault(office.region_code, []).append(office)
    answering: dict[uuid.UUID, list[str]] = {}
    for code, chain in ancestry.items():
        nearest = next((by_region[c] for c in reversed(chain) if c in by_region), None)
        for office_id in [o.id for o in nearest] if nearest else [incident.office_id]:
            answering.setdefault(office_id, []).append(code)
    return answering


async def alert_blind_spots(
    session: AsyncSession, after: timedelta, now: datetime | None = None
) -> int:
    """The periodic job: once a day per live incident with blind spots, each answering
    office hears of its own. The day is claimed by moving the incident's mark under a
    guard, so however often (and however many workers) run it, one alert a day goes."""
    now = now or utcnow()
    day = _day_start(now)
    incidents = (
        await session.scalars(
            select(Incident)
            .where(
                Incident.phase != IncidentPhase.CLOSED,
                Incident.started_at <= now - after,
                or_(
                    Incident.blind_spots_alerted_at.is_(None),
                    Incident.blind_spots_alerted_at < day,
                ),
            )
            .order_by(Incident.id)
        )
    ).all()
    alerted = 0
    for incident in incidents:
        found = await blind_spots(session, incident, after=after, now=now)
        if not found:
            continue
        claimed = await session.execute(
            update(Incident)
            .where(
                Incident.id == incident.id,
                or_(
                    Incident.blind_spots_alerted_at.is_(None),
                    Incident.blind_spots_alerted_at < day,
                ),
            )
            .values(blind_spots_alerted_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        since = found[0].since.astimezone(OFFICE_DAY).strftime("%Y-%m-%d %H:%M UTC+8")
        answering = await _answering_offices(session, incident, [b.region_code for b in found])
        for office_id, codes in answering.items():
            emit(
                session,
                BLIND_SPOTS,
                {
                    "incidentId": str(incident.id),
                    "officeId": str(office_id),
                    "regionCodes": codes,
                    "since": since,
                },
            )
        alerted += 1
    return alerted
