"""The `reviewOrganization` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.types import UserErrorType
from api.kernel.use_cases import mutate
from api.registry.types import (
    OrganizationType,
    ReviewDecisionEnum,
)
from domain.offers.reviews import review_provider
from domain.registry import organizations
from domain.registry.model import Organization


@strawberry.input
class ReviewOrganizationInput:
    organization_id: strawberry.ID
    decision: ReviewDecisionEnum  # type: ignore[valid-type]
    reason: str | None = None


@strawberry.type
class ReviewOrganizationPayload:
    organization: OrganizationType | None
    user_errors: list[UserErrorType]


@strawberry.type
class ReviewOrganization:
    @strawberry.mutation(description="Office staff whose jurisdiction covers the organization.")
    async def review_organization(
        self,
        info: Info,
        input: ReviewOrganizationInput,
    ) -> ReviewOrganizationPayload:
        async def use_case(session: AsyncSession) -> Organization:
            command = organizations.ReviewOrganization(
                organization_id=expect_id(input.organization_id, "Organization", "organizationId"),
                decision=input.decision,
                reason=input.reason,
            )
            return await review_provider(session, info.context.principal, command)

        return await mutate(info, ReviewOrganizationPayload, use_case, "organization")
