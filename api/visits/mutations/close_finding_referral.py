"""The `closeFindingReferral` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.visits.errors import VisitError
from api.visits.types import FindingReferralType
from domain.visits import findings


@strawberry.input
class CloseFindingReferralInput:
    finding_referral_id: strawberry.ID
    answer: str = strawberry.field(description="What the department decided or said.")


@strawberry.type
class CloseFindingReferralPayload:
    referral: FindingReferralType | None
    user_errors: list[VisitError]


@strawberry.type
class CloseFindingReferral:
    close_finding_referral = mutation(
        CloseFindingReferralInput,
        CloseFindingReferralPayload,
        findings.close_finding_referral,
        description="The office records a department's answer on a finding's referral, "
        "which closes it (a need's referral closes when the need is met).",
    )
