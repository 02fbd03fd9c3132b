"""Assignments called off: the allocation they hang on is cancelled (its dispatch was), or
the office rejects or suspends the volunteer. Those not yet checked out become CANCELLED
in the same unit of work: the person's time is free for matching again, a check-in is
refused (ASSIGNMENT_CANCELLED), and the volunteer is told why. Hours already checked out
stay on record for the organization or the office to confirm.

A decline, a veto or a lapse reaches only PROPOSED allocations, and assignments hang only
on ACCEPTED ones, so an allocation's cancellation is the one way from under them."""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments.model import ACTIVE, Assignment, AssignmentStatus
from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.outbox import ASSIGNMENT_CANCELLED, emit


class Why(enum.Enum):
    """What called the assignment off, as the volunteer is told."""

    ALLOCATION_CANCELLED = "ALLOCATION_CANCELLED"
    VOLUNTEER_REJECTED = "VOLUNTEER_REJECTED"
    VOLUNTEER_SUSPENDED = "VOLUNTEER_SUSPENDED"


async def _cancel(
    session: AsyncSession, principal: Principal, which: ColumnElement[bool], why: Why
) -> list[Assignment]:
    found = (
        await session.scalars(
            select(Assignment)
            .where(which, Assignment.status.in_(ACTIVE))
            .order_by(Assignment.id)
            .with_for_update()
        )
    ).all()
    cancelled = []
    for assignment in found:
        # Conditional on the status: a check-out at the same moment either wins (its hours
        # stay) or finds the assignment cancelled.
        moved = await session.execute(
            update(Assignment)
            .where(Assignment.id == assignment.id, Assignment.status.in_(ACTIVE))
            .values(status=AssignmentStatus.CANCELLED, updated_at=utcnow())
        )
        if int(moved.rowcount) != 1:  # type: ignore[attr-defined]
            continue
        await session.refresh(assignment)
        cancelled.append(assignment)
        emit(session, ASSIGNMENT_CANCELLED, {"assignmentId": str(assignment.id), "why": why.value})
        audit.record(
            session,
            principal,
            "assignment.cancelled",
            assignment,
            region_code=assignment.region_code,
            details={"why": why.value},
        )
    return cancelled


async def of_allocation(
    session: AsyncSession, principal: Principal, allocation_id: uuid.UUID
) -> list[Assignment]:
    """The allocation was cancelled: its assignments not yet checked out are too."""
    return await _cancel(
        session, principal, Assignment.allocation_id == allocation_id, Why.ALLOCATION_CANCELLED
    )


async def of_volunteer(
    session: AsyncSession, principal: Principal, volunteer_id: uuid.UUID, why: Why
) -> list[Assignment]:
    """The office barred the volunteer: none of their assignments not yet checked out
    goes ahead, whoever planned it."""
    return await _cancel(session, principal, Assignment.volunteer_id == volunteer_id, why)
