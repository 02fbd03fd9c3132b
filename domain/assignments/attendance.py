"""On the day: the volunteer checks in and out; the organization or the office confirms the
minutes served. Who sees a volunteer's contacts and positions on an assignment."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments.model import ACTIVE, Assignment, AssignmentStatus
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors

# A check-in is taken from this long before the assignment starts (travel, briefing).
EARLY_CHECK_IN = timedelta(hours=12)
# What a confirmation may add to the span checked in and out (a forgotten check-out tap).
CONFIRM_SLACK_MINUTES = 60


class Position(Protocol):
    """A position as the browser gives it, in WGS 84 degrees."""

    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...


@dataclass(frozen=True, slots=True)
class CheckIn:
    assignment_id: uuid.UUID
    location: Position | None = None
    # When, if recorded later (the demo's past service); now otherwise. Not an API input.
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CheckOut:
    assignment_id: uuid.UUID
    location: Position | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ConfirmHours:
    assignment_id: uuid.UUID
    minutes: int


def _position(errors: Errors, location: Position | None) -> tuple[float | None, float | None]:
    if location is None:
        return None, None
    good = all(math.isfinite(v) for v in (location.latitude, location.longitude))
    if not good or not -90 <= location.latitude <= 90:
        errors.add(("location", "latitude"), ErrorCode.INVALID, "Latitude is -90 to 90.")
    if not good or not -180 <= location.longitude <= 180:
        errors.add(("location", "longitude"), ErrorCode.INVALID, "Longitude is -180 to 180.")
    return location.latitude, location.longitude


async def _own(session: AsyncSession, principal: Principal, ident: uuid.UUID) -> Assignment:
    """The volunteer's own assignment; anyone else's is not found."""
    principal.require(Scope.DISPATCH)
    assignment = await session.get(Assignment, ident)
    if assignment is None or assignment.volunteer_id != principal.volunteer_id:
        raise DomainError.single("assignment_id", ErrorCode.NOT_FOUND, "No such assignment.")
    return assignment


async def _move(
    session: AsyncSession, assignment: Assignment, was: AssignmentStatus, **values: object
) -> None:
    """Moves it only from `was`: of two concurrent taps one wins, the other is refused."""
    moved = await session.execute(
        update(Assignment)
        .where(Assignment.id == assignment.id, Assignment.status == was)
        .values(**values, updated_at=utcnow())
    )
    if int(moved.rowcount) != 1:  # type: ignore[attr-defined]
        await session.refresh(assignment)
        _refuse_cancelled(assignment)
        raise DomainError.single(
            "assignment_id",
            ErrorCode.INVALID_TRANSITION,
            f"The assignment is {assignment.status.value}.",
        )
    await session.refresh(assignment)


def _refuse_cancelled(assignment: Assignment) -> None:
    """A called-off assignment says so, rather than a bare wrong status."""
    if assignment.status is AssignmentStatus.CANCELLED:
        raise DomainError.single(
            "assignment_id",
            ErrorCode.ASSIGNMENT_CANCELLED,
            "The assignment was cancelled; you are not expected there.",
        )


async def check_in(session: AsyncSession, principal: Principal, command: CheckIn) -> Assignment:
    """The volunteer arrives: the time, and the position the browser gave, if allowed."""
    assignment = await _own(session, principal, command.assignment_id)
    errors = Errors()
    latitude, longitude = _position(errors, command.location)
    errors.raise_if_any()
    now = command.at or utcnow()
    _refuse_cancelled(assignment)
    if assignment.status is AssignmentStatus.PLANNED and not (
        assignment.starts_at - EARLY_CHECK_IN <= now <= assignment.ends_at
    ):
        raise DomainError.single(
            "assignment_id", ErrorCode.OUTSIDE_TIME_WINDOW, "Not the assignment's time."
        )
    await _move(
        session,
        assignment,
        AssignmentStatus.PLANNED,
        status=AssignmentStatus.CHECKED_IN,
        checked_in_at=now,
        check_in_latitude=latitude,
        check_in_longitude=longitude,
    )
    audit.record(
        session, principal, "assignment.checked_in", assignment, region_code=assignment.region_code
    )
    return assignment


async def check_out(session: AsyncSession, principal: Principal, command: CheckOut) -> Assignment:
    """The volunteer leaves: the minutes between check-in and now are what they served."""
    assignment = await _own(session, principal, command.assignment_id)
    errors = Errors()
    latitude, longitude = _position(errors, command.location)
    errors.raise_if_any()
    now = command.at or utcnow()
    since = assignment.checked_in_at or now
    await _move(
        session,
        assignment,
        AssignmentStatus.CHECKED_IN,
        status=AssignmentStatus.CHECKED_OUT,
        checked_out_at=now,
        check_out_latitude=latitude,
        check_out_longitude=longitude,
        minutes=max(0, int((now - since).total_seconds() // 60)),
    )
    audit.record(
        session, principal, "assignment.checked_out", assignment, region_code=assignment.region_code
    )
    return assignment


def may_confirm(principal: Principal, assignment: Assignment) -> bool:
    """The deploying organization's admins, or an office whose jurisdiction holds the need."""
    if principal.is_admin:
        return True
    if assignment.organization_id and principal.administers_organization(
        assignment.organization_id
    ):
        return True
    return principal.is_office and principal.covers_region(assignment.region_code)


async def confirm_hours(
    session: AsyncSession, principal: Principal, command: ConfirmHours
) -> Assignment:
    """The minutes served, confirmed: from 0 up to the span checked in and out, plus a slack."""
    principal.require(Scope.DISPATCH)
    assignment = await session.get(Assignment, command.assignment_id)
    if assignment is None:
        raise DomainError.single("assignment_id", ErrorCode.NOT_FOUND, "No such assignment.")
    if not may_confirm(principal, assignment):
        raise DomainError.single(
            "assignment_id",
            ErrorCode.FORBIDDEN,
            "Only the deploying organization's admins or the need's office confirm.",
        )
    if assignment.status is not AssignmentStatus.CHECKED_OUT:
        raise DomainError.single(
            "assignment_id",
            ErrorCode.INVALID_TRANSITION,
            f"The assignment is {assignment.status.value}; hours follow a check-out.",
        )
    most = (assignment.minutes or 0) + CONFIRM_SLACK_MINUTES
    if not 0 <= command.minutes <= most:
        raise DomainError.single(
            "minutes", ErrorCode.INVALID, f"Between 0 and {most} minutes (the span checked)."
        )
    await _move(
        session,
        assignment,
        AssignmentStatus.CHECKED_OUT,
        status=AssignmentStatus.CONFIRMED,
        minutes_confirmed=command.minutes,
        confirmed_at=utcnow(),
        confirmed_by_id=principal.account_id,
    )
    audit.record(
        session,
        principal,
        "assignment.hours_confirmed",
        assignment,
        region_code=assignment.region_code,
        details={"minutes": command.minutes},
    )
    return assignment


def may_see_whereabouts(principal: Principal, assignment: Assignment) -> bool:
    """A volunteer's phone, email and positions on an assignment: themselves, the deploying
    organization's admins, and the need's office while the assignment is active; a partner
    token only with PERSONAL_DATA."""
    if not principal.has_scope(Scope.PERSONAL_DATA):
        return False
    if principal.is_admin or principal.volunteer_id == assignment.volunteer_id:
        return True
    if assignment.organization_id and principal.administers_organization(
        assignment.organization_id
    ):
        return True
    return (
        assignment.status in ACTIVE
        and principal.is_office
        and principal.covers_region(assignment.region_code)
    )
