"""The `reviewOrganization` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import OrganizationError
from api.registry.types import OrganizationType, ReviewDecisionEnum
from domain.offers.reviews import review_provider


@strawberry.input
class ReviewOrganizationInput:
    organization_id: strawberry.ID
    decision: ReviewDecisionEnum  # type: ignore[valid-type]
    reason: str | None = None


@strawberry.type
class ReviewOrganizationPayload:
    organization: OrganizationType | None
    user_errors: list[OrganizationError]


@strawberry.type
class ReviewOrganization:
    review_organization = mutation(
        ReviewOrganizationInput,
        ReviewOrganizationPayload,
        review_provider,
        description="Office staff whose jurisdiction covers the organization.",
    )
