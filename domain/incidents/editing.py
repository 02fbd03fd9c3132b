"""Changing an incident as it unfolds: its name, description and response level, and the
regions it reaches (a flood spreads to the next county; a county turns out spared)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.model import Incident
from domain.incidents.services import MAX_REGIONS, require_office_role
from domain.kernel import audit, policy, regions, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import IncidentPhase, NeedStatus, ResponseLevel, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.needs.model import Need

# A need in one of these no longer asks for anything: it does not hold its region.
_FINISHED_NEEDS = (NeedStatus.CANCELLED, NeedStatus.EXPIRED)


@dataclass(frozen=True, slots=True)
class UpdateIncident:
    incident_id: uuid.UUID
    name: str | None = None
    description: str | None = None
    response_level: ResponseLevel | None = None
    add_region_codes: list[str] | None = None
    remove_region_codes: list[str] | None = None


async def _governed(session: AsyncSession, principal: Principal, ident: uuid.UUID) -> Incident:
    incident = await session.get(Incident, ident, with_for_update=True)
    if incident is None:
        raise DomainError.single("incident_id", ErrorCode.NOT_FOUND, "No such incident.")
    if not policy.may_govern_incident(
        principal, office_id=incident.office_id, region_codes=incident.region_codes
    ):
        raise DomainError.single(
            "incident_id",
            ErrorCode.OUT_OF_JURISDICTION,
            "Only the office that opened the incident, or one whose jurisdiction covers "
            "all its regions, changes it.",
        )
    if incident.phase is IncidentPhase.CLOSED:
        raise DomainError.single("incident_id", ErrorCode.INVALID_TRANSITION, "It is CLOSED.")
    return incident


def _added(errors: Errors, principal: Principal, incident: Incident, codes: list[str]) -> list[str]:
    out: list[str] = []
    for code in sorted(set(codes)):
        if not validation.region(errors, "add_region_codes", code):
            continue
        if not principal.covers_region(code):
            errors.add(
                "add_region_codes",
                ErrorCode.OUT_OF_JURISDICTION,
                f"{code} is outside your office's jurisdiction.",
            )
        elif any(regions.covers(held, code) for held in incident.region_codes):
            errors.add(
                "add_region_codes", ErrorCode.INVALID, f"{code} is part of the incident already."
            )
        else:
            out.append(code)
    return out


async def _removed(
    session: AsyncSession, errors: Errors, incident: Incident, codes: list[str]
) -> list[str]:
    out: list[str] = []
    for code in sorted(set(codes)):
        if code not in incident.region_codes:
            errors.add(
                "remove_region_codes",
                ErrorCode.INVALID,
                f"{code} is not one of the incident's regions.",
            )
            continue
        holding = await session.scalar(
            select(func.count(Need.id)).where(
                Need.incident_id == incident.id,
                Need.region_code.startswith(regions.subtree_prefix(code)),
                Need.status.not_in(_FINISHED_NEEDS),
            )
        )
        if holding:
            errors.add(
                "remove_region_codes",
                ErrorCode.INVALID,
                f"{code} still has {holding} need(s) of this incident: cancel them first.",
            )
        else:
            out.append(code)
    return out


async def update_incident(
    session: AsyncSession, principal: Principal, command: UpdateIncident
) -> Incident:
    """The governing office renames, re-describes, re-levels the incident, or changes the
    regions it reaches. A region is removed only when no live need of the incident is in
    it; an added region's blind-spot clock starts now. Audited with every change."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    incident = await _governed(session, principal, command.incident_id)
    errors = Errors()
    name = validation.text(errors, "name", command.name) if command.name is not None else None
    description = validation.text(
        errors, "description", command.description, max_length=5000, required=False
    )
    added = _added(errors, principal, incident, command.add_region_codes or [])
    removed = await _removed(session, errors, incident, command.remove_region_codes or [])
    codes = sorted((set(incident.region_codes) - set(removed)) | set(added))
    if not codes:
        errors.add("remove_region_codes", ErrorCode.REQUIRED, "Keep at least one region.")
    elif len(codes) > MAX_REGIONS:
        errors.add("add_region_codes", ErrorCode.INVALID, f"At most {MAX_REGIONS} regions.")
    errors.raise_if_any()
    changes: dict[str, object] = {}
    if name is not None and name != incident.name:
        changes["name"] = {"from": incident.name, "to": name}
        incident.name = name
    if command.description is not None and description != incident.description:
        changes["description"] = True
        incident.description = description
    if command.response_level is not None and command.response_level != incident.response_level:
        changes["responseLevel"] = {
            "from": incident.response_level.value,
            "to": command.response_level.value,
        }
        incident.response_level = command.response_level
    if added or removed:
        now = utcnow().isoformat()
        kept = {c: t for c, t in (incident.region_added_at or {}).items() if c not in removed}
        incident.region_added_at = kept | {code: now for code in added}
        incident.region_codes = codes
        changes["regions"] = {"added": added, "removed": removed}
    if changes:
        audit.record(
            session, principal, "incident.updated", incident, region_code=codes[0], details=changes
        )
    return incident
