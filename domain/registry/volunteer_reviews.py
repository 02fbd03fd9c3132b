"""The office's review of volunteers, decided as an organization's is: the office whose
jurisdiction holds the volunteer's home region approves, rejects (with a reason),
suspends (with a reason) or reinstates. Joining an organization is another question,
its admin's (domain/registry/volunteers.py `review_membership`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.auth.principal import Principal
from domain.kernel.enums import ReviewDecision, VolunteerStatus
from domain.kernel.errors import DomainError, ErrorCode
from domain.registry import reviewing
from domain.registry.model import Volunteer


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewVolunteer:
    volunteer_id: uuid.UUID
    decision: ReviewDecision
    reason: str | None = None


# Who takes no part in relief work until an office decides again.
BARRED = frozenset({VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED})


async def review_volunteer(
    session: AsyncSession, principal: Principal, command: ReviewVolunteer
) -> Volunteer:
    """Office staff covering the volunteer's home region (or ADMIN) decide; a reject or a
    suspension says why. Each decision is audited: the review history."""
    volunteer = await session.get(Volunteer, command.volunteer_id, with_for_update=True)
    if volunteer is None:
        raise DomainError.single("volunteer_id", ErrorCode.NOT_FOUND, "No such volunteer.")
    reviewing.may_review(principal, volunteer, "volunteer_id", "volunteer")
    reviewing.decide(
        session, principal, volunteer, command.decision, command.reason, "volunteer.reviewed"
    )
    return volunteer
