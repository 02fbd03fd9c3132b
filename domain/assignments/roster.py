"""An organization's roster: its approved members, their hours and next assignments, and
for an accepted allocation which of them may go (skills held, free in its window)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments import hours
from domain.assignments.model import Assignment, AssignmentStatus
from domain.assignments.services import (
    BARRED,
    available,
    default_window,
    deployable,
    overlapping,
)
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import MembershipStatus, Skill
from domain.kernel.errors import DomainError, ErrorCode
from domain.registry.model import Volunteer


@dataclass(frozen=True, slots=True)
class RosterMember:
    volunteer: Volunteer
    hours: hours.HoursSummary
    eligible: bool
    reason: str | None
    next_assignment: Assignment | None


async def roster(
    session: AsyncSession,
    principal: Principal,
    *,
    organization_id: uuid.UUID | None = None,
    allocation_id: uuid.UUID | None = None,
    skill: Skill | None = None,
) -> list[RosterMember]:
    """The viewer's organization's approved members (ADMIN names the organization); with
    an allocation, each says whether it may be deployed on it, the eligible first."""
    principal.require_signed_in()
    organization_id = organization_id or principal.organization_id
    if organization_id is None or not (
        principal.is_admin or principal.organization_id == organization_id
    ):
        raise DomainError.single(
            "organization_id", ErrorCode.FORBIDDEN, "Only the organization's own accounts."
        )
    window = required = None
    if allocation_id is not None:
        _, need, offer = await deployable(session, principal, allocation_id)
        window, required = default_window(offer, need), set(need.required_skills)
    members = (
        await session.scalars(
            select(Volunteer)
            .where(
                Volunteer.organization_id == organization_id,
                Volunteer.membership_status == MembershipStatus.APPROVED,
            )
            .order_by(Volunteer.display_name, Volunteer.id)
        )
    ).all()
    found = []
    for volunteer in members:
        if skill is not None and skill.value not in volunteer.skills:
            continue
        reason = None
        if volunteer.status in BARRED:
            reason = ErrorCode.PROVIDER_NOT_VERIFIED.value
        elif required is not None and required - set(volunteer.skills):
            reason = ErrorCode.SKILLS_MISSING.value
        elif window is not None and not available(volunteer, *window):
            reason = ErrorCode.OUTSIDE_AVAILABILITY.value
        elif window is not None and await overlapping(session, volunteer.id, *window):
            reason = ErrorCode.OVERLAPPING_ASSIGNMENT.value
        found.append(
            RosterMember(
                volunteer,
                await hours.summary(session, volunteer.id),
                reason is None,
                reason,
                await next_assignment(session, volunteer.id),
            )
        )
    return sorted(found, key=lambda m: not m.eligible)


async def next_assignment(session: AsyncSession, volunteer_id: uuid.UUID) -> Assignment | None:
    found: Assignment | None = await session.scalar(
        select(Assignment)
        .where(
            Assignment.volunteer_id == volunteer_id,
            Assignment.status.in_((AssignmentStatus.PLANNED, AssignmentStatus.CHECKED_IN)),
            Assignment.ends_at > utcnow(),
        )
        .order_by(Assignment.starts_at)
        .limit(1)
    )
    return found
