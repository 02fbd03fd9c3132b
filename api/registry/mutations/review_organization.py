"""The `reviewOrganization` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.registry.errors import OrganizationError
from api.registry.types import (
    OrganizationType,
    ReviewDecisionEnum,
)
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
    user_errors: list[OrganizationError]


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
            return await organizations.review_organization(session, info.context.principal, command)

        return await mutate(info, ReviewOrganizationPayload, use_case, "organization")
