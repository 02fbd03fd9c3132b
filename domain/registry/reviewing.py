"""One office decision on a reviewed party, an organization or a volunteer: who may
decide, the reason a reject or a suspension needs, the move the decision allows, and the
audit entry that is the review history. Both parties move through the same statuses by
name (PENDING, VERIFIED, REJECTED, SUSPENDED), each with its own enum."""

from __future__ import annotations

import enum

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import ReviewDecision, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.registry.model import Organization, Volunteer

# decision -> (the statuses it applies to, the resulting status), by status name.
MOVES: dict[ReviewDecision, tuple[frozenset[str], str]] = {
    ReviewDecision.APPROVE: (frozenset({"PENDING", "REJECTED"}), "VERIFIED"),
    ReviewDecision.REJECT: (frozenset({"PENDING"}), "REJECTED"),
    ReviewDecision.SUSPEND: (frozenset({"VERIFIED"}), "SUSPENDED"),
    ReviewDecision.REINSTATE: (frozenset({"SUSPENDED"}), "VERIFIED"),
}


Reviewed = Organization | Volunteer


def may_review(principal: Principal, party: Reviewed, field: str, noun: str) -> None:
    """Office staff covering the party's region, or ADMIN; refused on `field` otherwise."""
    principal.require(Scope.REGISTRY)
    if not (principal.is_admin or principal.is_office):
        raise DomainError.single(None, ErrorCode.FORBIDDEN, f"Only offices review {noun}s.")
    if not principal.covers_region(party.region_code):
        raise DomainError.single(
            field, ErrorCode.OUT_OF_JURISDICTION, f"This {noun} is outside your jurisdiction."
        )


def decide(
    session: AsyncSession,
    principal: Principal,
    party: Reviewed,
    decision: ReviewDecision,
    reason: str | None,
    action: str,
) -> enum.Enum:
    """Moves the party as the decision says, keeping the reason, and audits it; the
    status it had before. A reject or a suspension without a reason, or a decision that
    does not fit the status, is refused and nothing is written."""
    errors = Errors()
    clean = validation.text(
        errors,
        "reason",
        reason,
        max_length=2000,
        required=decision in (ReviewDecision.REJECT, ReviewDecision.SUSPEND),
    )
    previous = party.status
    sources, target = MOVES[decision]
    if previous.value not in sources:
        errors.add(
            "decision",
            ErrorCode.INVALID_TRANSITION,
            f"Cannot {decision.value} what is {previous.value}.",
        )
    errors.raise_if_any()
    party.status = type(previous)(target)  # the party's own enum, by name
    party.review_reason = clean
    party.reviewed_at = utcnow()
    audit.record(
        session,
        principal,
        action,
        party,
        region_code=party.region_code,
        details={
            "decision": decision.value,
            "from": previous.value,
            "to": target,
            "reason": clean,
        },
    )
    return previous
