"""The office's review of volunteers, decided as an organization's is: the office whose
jurisdiction holds the volunteer's home region approves, rejects (with a reason),
suspends (with a reason) or reinstates. Joining an organization is another question,
its admin's (domain/registry/volunteers.py `review_membership`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import ReviewDecision, Scope, VolunteerStatus
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry.model import Volunteer


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewVolunteer:
    volunteer_id: uuid.UUID
    decision: ReviewDecision
    reason: str | None = None


# decision -> (statuses it applies to, resulting status): an organization's, for a person.
TRANSITIONS: dict[ReviewDecision, tuple[frozenset[VolunteerStatus], VolunteerStatus]] = {
    ReviewDecision.APPROVE: (
        frozenset({VolunteerStatus.PENDING, VolunteerStatus.REJECTED}),
        VolunteerStatus.VERIFIED,
    ),
    ReviewDecision.REJECT: (frozenset({VolunteerStatus.PENDING}), VolunteerStatus.REJECTED),
    ReviewDecision.SUSPEND: (frozenset({VolunteerStatus.VERIFIED}), VolunteerStatus.SUSPENDED),
    ReviewDecision.REINSTATE: (
        frozenset({VolunteerStatus.SUSPENDED}),
        VolunteerStatus.VERIFIED,
    ),
}
# Who takes no part in relief work until an office decides again.
BARRED = frozenset({VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED})


async def review_volunteer(
    session: AsyncSession, principal: Principal, command: ReviewVolunteer
) -> Volunteer:
    """Office staff covering the volunteer's home region (or ADMIN) decide; a reject or a
    suspension says why. Each decision is audited: the review history."""
    principal.require(Scope.REGISTRY)
    volunteer = await session.get(Volunteer, command.volunteer_id, with_for_update=True)
    if volunteer is None:
        raise DomainError.single("volunteer_id", ErrorCode.NOT_FOUND, "No such volunteer.")
    if not (principal.is_admin or principal.is_office):
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only offices review volunteers.")
    if not principal.covers_region(volunteer.region_code):
        raise DomainError.single(
            "volunteer_id",
            ErrorCode.OUT_OF_JURISDICTION,
            "This volunteer lives outside your office's jurisdiction.",
        )
    errors = Errors()
    reason = validation.text(
        errors,
        "reason",
        command.reason,
        max_length=2000,
        required=command.decision in (ReviewDecision.REJECT, ReviewDecision.SUSPEND),
    )
    sources, target = TRANSITIONS[command.decision]
    if volunteer.status not in sources:
        errors.add(
            "decision",
            ErrorCode.INVALID_TRANSITION,
            f"Cannot {command.decision.value} a volunteer who is {volunteer.status.value}.",
        )
    errors.raise_if_any()
    previous = volunteer.status
    volunteer.status = target
    volunteer.review_reason = reason
    volunteer.reviewed_at = utcnow()
    audit.record(
        session,
        principal,
        "volunteer.reviewed",
        volunteer,
        region_code=volunteer.region_code,
        details={
            "decision": command.decision.value,
            "from": previous.value,
            "to": target.value,
            "reason": reason,
        },
    )
    return volunteer
