"""Needs: published by offices for regions inside both their jurisdiction and the incident."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories import services as categories
from domain.incidents.model import Incident
from domain.incidents.services import get_managed, require_office_role
from domain.kernel import audit, regions, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import IncidentPhase, NeedStatus, Scope, Skill, SpecialGroup, WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import NEED_PUBLISHED
from domain.matching import proposals, rounds
from domain.matching.model import Urgency
from domain.needs import changes as need_changes
from domain.needs import clearing
from domain.needs.clearing import ClearableNeedField
from domain.needs.model import Need

# Needs still asking: an OVERDUE one too, until its office extends, cancels or escalates it.
ACTIVE = (
    NeedStatus.OPEN,
    NeedStatus.PARTIALLY_ALLOCATED,
    NeedStatus.ALLOCATED,
    NeedStatus.OVERDUE,
)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class NeedFields:
    """The fields an office may set when publishing or updating a need."""

    quantity: int | None = None
    urgency: Urgency | None = None
    needed_by: datetime | None = None
    description: str | None = None
    location: Point | None = None
    required_skills: list[Skill] | None = None
    beneficiary_count: int | None = None
    special_groups: list[SpecialGroup] | None = None


@dataclass(frozen=True, slots=True)
class PublishNeed:
    incident_id: uuid.UUID
    region_code: str
    category_code: str
    fields: NeedFields = field(default_factory=NeedFields)
    confirm_duplicate: bool = False
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class UpdateNeed:
    need_id: uuid.UUID
    fields: NeedFields = field(default_factory=NeedFields)
    clear: list[ClearableNeedField] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CancelNeed:
    need_id: uuid.UUID
    reason: str | None = None


def derive_status(need: Need, now: datetime | None = None) -> NeedStatus:
    """Status follows the counters, except for the final CANCELLED and EXPIRED, and an
    OVERDUE need still short and still past its needed-by (only the periodic job makes a
    need OVERDUE, so that the office is told exactly once)."""
    if need.status in (NeedStatus.CANCELLED, NeedStatus.EXPIRED):
        return need.status
    if need.quantity_delivered >= need.quantity:
        return NeedStatus.FULFILLED
    if need.quantity_allocated >= need.quantity:
        return NeedStatus.ALLOCATED
    if need.status is NeedStatus.OVERDUE and need.needed_by <= (now or utcnow()):
        return NeedStatus.OVERDUE
    if need.quantity_allocated > 0:
        return NeedStatus.PARTIALLY_ALLOCATED
    return NeedStatus.OPEN


def check_point(errors: Errors, name: str, point: Point | None) -> None:
    if point is None:
        return
    if not -90 <= point.latitude <= 90:
        errors.add((name, "latitude"), ErrorCode.INVALID, "Latitude lies in [-90, 90].")
    if not -180 <= point.longitude <= 180:
        errors.add((name, "longitude"), ErrorCode.INVALID, "Longitude lies in [-180, 180].")


def check_fields(errors: Errors, fields: NeedFields, *, creating: bool) -> None:
    validation.quantity(errors, "quantity", fields.quantity)
    if creating:
        validation.required(
            errors, quantity=fields.quantity, urgency=fields.urgency, needed_by=fields.needed_by
        )
    validation.zoned(errors, "needed_by", fields.needed_by)
    validation.text(errors, "description", fields.description, max_length=5000, required=False)
    check_point(errors, "location", fields.location)
    if fields.beneficiary_count is not None and fields.beneficiary_count < 0:
        errors.add(("beneficiaries", "count"), ErrorCode.INVALID, "Cannot be negative.")


def column_values(fields: NeedFields) -> dict[str, Any]:
    """The columns the given fields set, normalised as they are stored."""
    values: dict[str, Any] = {}
    if fields.quantity is not None:
        values["quantity"] = fields.quantity
    if fields.urgency is not None:
        values["urgency"] = fields.urgency
    if fields.needed_by is not None:
        values["needed_by"] = fields.needed_by
    if fields.description is not None:
        values["description"] = fields.description.strip() or None
    if fields.location is not None:
        values["latitude"] = fields.location.latitude
        values["longitude"] = fields.location.longitude
    if fields.required_skills is not None:
        values["required_skills"] = sorted({s.value for s in fields.required_skills})
    if fields.beneficiary_count is not None:
        values["beneficiary_count"] = fields.beneficiary_count
    if fields.special_groups is not None:
        values["special_groups"] = sorted({g.value for g in fields.special_groups})
    return values


def _apply(need: Need, fields: NeedFields) -> None:
    for name, value in column_values(fields).items():
        setattr(need, name, value)


async def find_duplicate(
    session: AsyncSession, incident_id: uuid.UUID, region_code: str, category_code: str
) -> Need | None:
    """An active need of the same incident, region and category."""
    return await session.scalar(
        select(Need)
        .where(
            Need.incident_id == incident_id,
            Need.region_code == region_code,
            Need.category_code == category_code,
            Need.status.in_(ACTIVE),
        )
        .limit(1)
    )


async def publish_need(
    session: AsyncSession, principal: Principal, command: PublishNeed
) -> tuple[Need, Need | None]:
    """(the new need, the likely duplicate it was confirmed against, if any)."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    incident = await get_managed(session, principal, command.incident_id)
    errors = Errors()
    if incident.phase is IncidentPhase.CLOSED:
        errors.add("incident_id", ErrorCode.INVALID_TRANSITION, "The incident is CLOSED.")
    if validation.region(errors, "region_code", command.region_code):
        if not any(regions.covers(code, command.region_code) for code in incident.region_codes):
            errors.add(
                "region_code",
                ErrorCode.OUT_OF_JURISDICTION,
                "This region is not affected by the incident.",
            )
        elif not principal.covers_region(command.region_code):
            errors.add(
                "region_code",
                ErrorCode.OUT_OF_JURISDICTION,
                "This region is outside your office's jurisdiction.",
            )
    if await categories.by_code(session, command.category_code) is None:
        errors.add("category_code", ErrorCode.UNKNOWN_CATEGORY, "No such category.")
    check_fields(errors, command.fields, creating=True)
    duplicate = None
    if not errors.items:
        duplicate = await find_duplicate(
            session, incident.id, command.region_code, command.category_code
        )
        if duplicate and not command.confirm_duplicate:
            errors.add(
                "category_code",
                ErrorCode.DUPLICATE,
                "This incident already has an active need of this category for this "
                "region; update it, or publish again with confirmDuplicate.",
            )
    errors.raise_if_any()
    need = Need(
        incident_id=incident.id,
        office_id=principal.office_id or incident.office_id,
        region_code=command.region_code,
        category_code=command.category_code,
        status=NeedStatus.OPEN,
        quantity=0,
        external_id=command.external_id,
    )
    _apply(need, command.fields)
    await audit.created(
        session,
        principal,
        "need.published",
        need,
        region_code=need.region_code,
        details={"category": need.category_code, "quantity": need.quantity},
    )
    await need_changes.announce(
        session,
        need,
        WebhookEvent.NEED_PUBLISHED,
        topic=NEED_PUBLISHED,
        payload={"needId": str(need.id), "incidentId": str(incident.id)},
    )
    await rounds.request_automatic(session, incident.id)
    return need, duplicate


async def get_managed_need(
    session: AsyncSession, principal: Principal, need_id: uuid.UUID, *, lock: bool = True
) -> Need:
    """The need, locked unless told otherwise, if this office may manage it."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    need = await session.get(Need, need_id, with_for_update=lock)
    if need is None:
        raise DomainError.single("need_id", ErrorCode.NOT_FOUND, "No such need.")
    if not principal.covers_region(need.region_code):
        raise DomainError.single(
            "need_id",
            ErrorCode.OUT_OF_JURISDICTION,
            "This need is outside your office's jurisdiction.",
        )
    return need


async def update_need(session: AsyncSession, principal: Principal, command: UpdateNeed) -> Need:
    """Change what is needed; never below what is already promised."""
    fields = command.fields
    need = await get_managed_need(session, principal, command.need_id)
    errors = Errors()
    if need.status not in ACTIVE:
        errors.add("need_id", ErrorCode.INVALID_TRANSITION, f"The need is {need.status.value}.")
    else:
        # A CLOSED incident asks for nothing more: its allocated needs must not reopen.
        incident = await session.get(Incident, need.incident_id)
        if incident is not None and incident.phase is IncidentPhase.CLOSED:
            errors.add("need_id", ErrorCode.INVALID_TRANSITION, "The incident is CLOSED.")
    check_fields(errors, fields, creating=False)
    if clearing.set_and_cleared(fields, command.clear):
        errors.add("clear", ErrorCode.INVALID, "A field cannot be both set and cleared.")
    promised = need.quantity_allocated + need.quantity_proposed
    if fields.quantity is not None and not errors.has("quantity") and fields.quantity < promised:
        errors.add(
            "quantity",
            ErrorCode.INSUFFICIENT_CAPACITY,
            f"{promised} units are already allocated or proposed.",
        )
    errors.raise_if_any()
    _apply(need, fields)
    clearing.clear(need, command.clear)
    need.status = derive_status(need)
    audit.record(
        session,
        principal,
        "need.updated",
        need,
        region_code=need.region_code,
        details={"quantity": need.quantity},
    )
    await need_changes.announce(session, need, WebhookEvent.NEED_UPDATED)
    await rounds.request_automatic(session, need.incident_id)
    return need


async def cancel_need(session: AsyncSession, principal: Principal, command: CancelNeed) -> Need:
    """The publishing office withdraws a need; pending proposals on it lapse."""
    need = await get_managed_need(session, principal, command.need_id, lock=False)
    # Offers are locked before needs everywhere (accepts, pledges): release the proposals
    # first, then lock the need, or a cancel and an accept deadlock on PostgreSQL.
    await proposals.release_proposals(session, need_id=need.id)
    await session.refresh(need, with_for_update=True)
    if need.status not in ACTIVE:
        raise DomainError.single(
            "need_id", ErrorCode.INVALID_TRANSITION, f"The need is {need.status.value}."
        )
    # A proposal a round committed in between lapses too; the lock keeps new ones out.
    await proposals.release_proposals(session, need_id=need.id)
    need.status = NeedStatus.CANCELLED
    audit.record(
        session,
        principal,
        "need.cancelled",
        need,
        region_code=need.region_code,
        details={"reason": command.reason},
    )
    await need_changes.announce(session, need, WebhookEvent.NEED_CANCELLED)
    # What its proposals held is free again for the incident's other needs.
    await rounds.request_automatic(session, need.incident_id)
    return need
