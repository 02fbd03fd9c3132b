"""Incidents: created by offices inside their jurisdiction, moved through their phases."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.model import Incident
from domain.kernel import audit, policy, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import (
    AllocationStatus,
    Hazard,
    IncidentPhase,
    NeedStatus,
    ResponseLevel,
    Scope,
    WebhookEvent,
)
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.matching import proposals
from domain.matching.records import Allocation
from domain.needs import changes as need_changes
from domain.needs.model import Need
from domain.registry.model import Office

PHASE_ORDER = list(IncidentPhase)
MAX_REGIONS = 200


@dataclass(frozen=True, slots=True)
class CreateIncident:
    name: str
    hazard: Hazard
    response_level: ResponseLevel
    region_codes: list[str]
    started_at: datetime
    description: str | None = None
    office_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class UpdatePhase:
    incident_id: uuid.UUID
    phase: IncidentPhase


def require_office_role(principal: Principal) -> None:
    """Office staff (or ADMIN) only."""
    if not (principal.is_admin or principal.is_office):
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only office staff may do this.")


def manages(principal: Principal, incident: Incident) -> bool:
    """ADMIN, or an office whose jurisdiction holds one of the incident's regions."""
    return any(principal.covers_region(code) for code in incident.region_codes)


async def get_managed(
    session: AsyncSession,
    principal: Principal,
    incident_id: uuid.UUID,
    field: str = "incident_id",
    *,
    lock: bool = False,
) -> Incident:
    """The incident, if this office may manage it."""
    incident = await session.get(Incident, incident_id, with_for_update=lock)
    if incident is None:
        raise DomainError.single(field, ErrorCode.NOT_FOUND, "No such incident.")
    if not manages(principal, incident):
        raise DomainError.single(
            field,
            ErrorCode.OUT_OF_JURISDICTION,
            "This incident lies outside your office's jurisdiction.",
        )
    return incident


async def create_incident(
    session: AsyncSession, principal: Principal, command: CreateIncident
) -> Incident:
    """An office opens an incident over regions of its jurisdiction."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    errors = Errors()
    name = validation.text(errors, "name", command.name)
    codes = sorted(set(command.region_codes))
    if not codes:
        errors.add("region_codes", ErrorCode.REQUIRED, "Name at least one affected region.")
    elif len(codes) > MAX_REGIONS:
        errors.add("region_codes", ErrorCode.INVALID, f"At most {MAX_REGIONS} regions.")
    for code in codes:
        if validation.region(errors, "region_codes", code) and not principal.covers_region(code):
            errors.add(
                "region_codes",
                ErrorCode.OUT_OF_JURISDICTION,
                f"{code} is outside your office's jurisdiction.",
            )
    if command.started_at.tzinfo is None:
        errors.add("started_at", ErrorCode.INVALID, "Give a time zone.")
    description = validation.text(
        errors, "description", command.description, max_length=5000, required=False
    )
    office_id = principal.office_id
    if principal.is_admin:
        office = await session.get(Office, command.office_id) if command.office_id else None
        if office is None:
            errors.add("office_id", ErrorCode.REQUIRED, "ADMIN names the responsible office.")
        office_id = office.id if office else None
    errors.raise_if_any()
    assert name and office_id
    incident = Incident(
        name=name,
        hazard=command.hazard,
        response_level=command.response_level,
        phase=IncidentPhase.EMERGENCY_RESCUE,
        region_codes=codes,
        started_at=command.started_at,
        description=description,
        office_id=office_id,
    )
    await audit.created(
        session,
        principal,
        "incident.created",
        incident,
        region_code=codes[0],
        details={"hazard": command.hazard.value, "regions": codes},
    )
    return incident


async def _expire_open_needs(session: AsyncSession, incident: Incident) -> None:
    """Closing ends the asking: unmet needs expire and their pending proposals lapse."""
    open_needs = (
        await session.scalars(
            select(Need)
            .where(
                Need.incident_id == incident.id,
                Need.status.in_(
                    (NeedStatus.OPEN, NeedStatus.PARTIALLY_ALLOCATED, NeedStatus.OVERDUE)
                ),
            )
            .order_by(Need.id)
        )
    ).all()
    # Every offer involved is locked before any need, the order accepts and pledges take.
    offer_ids = await session.scalars(
        select(Allocation.offer_id).where(
            Allocation.need_id.in_([need.id for need in open_needs]),
            Allocation.status == AllocationStatus.PROPOSED,
        )
    )
    await proposals.lock_offers(session, set(offer_ids.all()))
    for need in open_needs:
        await proposals.release_proposals(session, need_id=need.id)
        need.status = NeedStatus.EXPIRED
        await need_changes.announce(session, need, WebhookEvent.NEED_UPDATED)


async def update_phase(
    session: AsyncSession, principal: Principal, command: UpdatePhase
) -> Incident:
    """Phases only move forward; CLOSED is final and takes no new needs."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    incident = await session.get(Incident, command.incident_id, with_for_update=True)
    if incident is None:
        raise DomainError.single("incident_id", ErrorCode.NOT_FOUND, "No such incident.")
    if not policy.may_govern_incident(
        principal, office_id=incident.office_id, region_codes=incident.region_codes
    ):
        raise DomainError.single(
            "incident_id",
            ErrorCode.OUT_OF_JURISDICTION,
            "Only the office that opened the incident, or one whose jurisdiction covers "
            "all its regions, changes its phase.",
        )
    # One step at a time (the response's record stays complete), or straight to CLOSED.
    step = PHASE_ORDER.index(command.phase) - PHASE_ORDER.index(incident.phase)
    if not (step == 1 or (command.phase is IncidentPhase.CLOSED and step > 0)):
        raise DomainError.single(
            "phase",
            ErrorCode.INVALID_TRANSITION,
            f"An incident in {incident.phase.value} cannot move to {command.phase.value}.",
        )
    previous = incident.phase
    incident.phase = command.phase
    if command.phase is IncidentPhase.CLOSED:
        incident.closed_at = utcnow()
        await _expire_open_needs(session, incident)
    audit.record(
        session,
        principal,
        "incident.phase_changed",
        incident,
        region_code=incident.region_codes[0],
        details={"from": previous.value, "to": command.phase.value},
    )
    return incident
