"""Planning a visit round: every registered person in the incident's regions of the
office's jurisdiction, due within a set time, most vulnerable first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.blind_spots import incident_regions
from domain.incidents.services import get_managed, require_office_role
from domain.kernel import audit, policy, regions
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import OFFICE_ROLES, AllocationStatus, IncidentPhase, Scope
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import VISITS_ASSIGNED, emit
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.people.model import Person
from domain.registry.model import Account
from domain.visits.assign import Assignment, Capacity, Slot, assign
from domain.visits.model import Visit, VisitRound, VisitStatus

DEFAULT_WITHIN_HOURS = 72
MAX_WITHIN_HOURS = 24 * 30
CARE_VISITS = "CARE_VISITS"
# Deadlines are told in China Standard Time.
CHINA = timezone(timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class PlanVisitRound:
    incident_id: uuid.UUID
    within_hours: int = DEFAULT_WITHIN_HOURS


def round_regions(principal: Principal, incident_counties: list[str]) -> list[str]:
    """The incident's counties the planning office answers for."""
    return [code for code in incident_counties if principal.covers_region(code)]


async def _capacities(session: AsyncSession, incident_id: uuid.UUID) -> list[Capacity]:
    """Accepted CARE_VISITS allocations of the incident, oldest first, each with the units
    former rounds have not drawn on yet."""
    drawn = (
        select(Visit.allocation_id, func.count(Visit.id).label("visits"))
        .where(Visit.allocation_id.is_not(None))
        .group_by(Visit.allocation_id)
        .subquery()
    )
    rows = await session.execute(
        select(Allocation, Need.region_code, Offer, func.coalesce(drawn.c.visits, 0))
        .join(Need, Need.id == Allocation.need_id)
        .join(Offer, Offer.id == Allocation.offer_id)
        .outerjoin(drawn, drawn.c.allocation_id == Allocation.id)
        .where(
            Need.incident_id == incident_id,
            Need.category_code == CARE_VISITS,
            Allocation.status == AllocationStatus.ACCEPTED,
        )
        .order_by(Allocation.created_at, Allocation.id)
    )
    return [
        Capacity(
            allocation.id,
            region,
            allocation.quantity - int(used),
            offer.organization_id,
            offer.volunteer_id,
            available_from=offer.available_from,
            available_until=offer.available_until,
            skills=frozenset(offer.skills),
        )
        for allocation, region, offer, used in rows
    ]


async def _staff(session: AsyncSession, office_id: uuid.UUID | None) -> list[uuid.UUID]:
    if office_id is None:
        return []
    rows = await session.scalars(
        select(Account.id)
        .where(Account.office_id == office_id, Account.role.in_(OFFICE_ROLES))
        .order_by(Account.created_at, Account.id)
    )
    return list(rows.all())


def not_in_a_round(incident_id: uuid.UUID) -> ColumnElement[bool]:
    """Persons no round of the incident has planned a visit to yet."""
    return Person.id.not_in(select(Visit.person_id).where(Visit.incident_id == incident_id))


async def plan_visit_round(
    session: AsyncSession,
    principal: Principal,
    command: PlanVisitRound,
    *,
    counties: list[str] | None = None,
) -> VisitRound:
    """The office plans one visit per registered person of its part of the incident, not
    already awaiting a visit of this incident; assigned by `assign.assign`. Audited.
    Given `counties` (a round planned as the incident starts or reaches them), only
    their persons not yet in any round of the incident."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    incident = await get_managed(session, principal, command.incident_id)
    if incident.phase is IncidentPhase.CLOSED:
        raise DomainError.single("incident_id", ErrorCode.INVALID_TRANSITION, "It is CLOSED.")
    if not 1 <= command.within_hours <= MAX_WITHIN_HOURS:
        raise DomainError.single(
            "within_hours", ErrorCode.INVALID, f"Between 1 and {MAX_WITHIN_HOURS} hours."
        )
    awaiting: ColumnElement[bool] = Person.id.not_in(
        select(Visit.person_id).where(
            Visit.incident_id == incident.id, Visit.status == VisitStatus.PLANNED
        )
    )
    starting = counties is not None
    if counties is None:
        counties = round_regions(principal, incident_regions(incident))
    else:
        awaiting = not_in_a_round(incident.id)
    people = (
        await session.scalars(
            select(Person)
            .where(Person.region_code.in_(counties), awaiting)
            .order_by(Person.priority, Person.created_at, Person.id)
        )
    ).all()
    due_at = utcnow() + timedelta(hours=command.within_hours)
    visit_round = VisitRound(
        incident_id=incident.id,
        office_id=principal.office_id or incident.office_id,
        region_code=principal.office_region_code or _common(counties),
        due_at=due_at,
        planned=len(people),
    )
    await audit.created(
        session,
        principal,
        "visit_round.planned",
        visit_round,
        region_code=visit_round.region_code,
        details={
            "planned": len(people),
            "withinHours": command.within_hours,
            **({"startedWith": counties} if starting else {}),
        },
    )
    slots = [Slot(person.id, person.region_code, person.priority) for person in people]
    placed = assign(
        slots,
        await _capacities(session, incident.id),
        await _staff(session, principal.office_id),
        now=utcnow(),
        due_at=due_at,
    )
    by_person = {person.id: person for person in people}
    # Lists read in creation order: one microsecond apart keeps it the visit order.
    start = utcnow()
    for number, assignment in enumerate(placed):
        person = by_person[assignment.key]
        session.add(
            Visit(
                created_at=start + timedelta(microseconds=number),
                round_id=visit_round.id,
                incident_id=incident.id,
                person_id=person.id,
                region_code=person.region_code,
                priority=person.priority,
                due_at=due_at,
                status=VisitStatus.PLANNED,
                visitor_account_id=assignment.account_id,
                organization_id=assignment.organization_id,
                volunteer_id=assignment.volunteer_id,
                allocation_id=assignment.allocation_id,
                checks=[],
            )
        )
    await session.flush()
    _tell_visitors(session, visit_round, placed)
    return visit_round


def _tell_visitors(
    session: AsyncSession, visit_round: VisitRound, placed: list[Assignment]
) -> None:
    """One event per visitor: the visits this round gave them."""
    counts: dict[tuple[str, uuid.UUID], int] = {}
    for a in placed:
        visitor = [
            ("organizationId", a.organization_id),
            ("volunteerId", a.volunteer_id),
            ("accountId", a.account_id),
        ]
        kind, ident = next(((k, i) for k, i in visitor if i is not None), ("", None))
        if ident is not None:
            counts[(kind, ident)] = counts.get((kind, ident), 0) + 1
    for (kind, ident), count in counts.items():
        emit(
            session,
            VISITS_ASSIGNED,
            {
                kind: str(ident),
                "count": count,
                "roundId": str(visit_round.id),
                "incidentId": str(visit_round.incident_id),
                "dueAt": visit_round.due_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M"),
            },
        )


def _common(codes: list[str]) -> str:
    """The lowest region holding every code (ADMIN plans without a jurisdiction)."""
    if not codes:
        return "000000"
    paths = [regions.path(code) for code in codes]
    common = "000000"
    for level in zip(*paths, strict=False):
        if len({region.code for region in level}) != 1:
            break
        common = level[0].code
    return common


def visible_rounds(principal: Principal) -> Select[Any]:
    """Rounds of the office's jurisdiction (ADMIN: all)."""
    return policy.visible(principal, select(VisitRound), region=VisitRound.region_code)
