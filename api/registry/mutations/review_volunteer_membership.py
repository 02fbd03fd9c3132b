"""The `reviewVolunteerMembership` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.registry.errors import VolunteerError
from api.registry.types import (
    MembershipDecisionEnum,
    VolunteerType,
)
from domain.registry import volunteers
from domain.registry.model import Volunteer


@strawberry.input
class ReviewVolunteerMembershipInput:
    volunteer_id: strawberry.ID
    decision: MembershipDecisionEnum  # type: ignore[valid-type]


@strawberry.type
class ReviewVolunteerMembershipPayload:
    volunteer: VolunteerType | None
    user_errors: list[VolunteerError]


@strawberry.type
class ReviewVolunteerMembership:
    @strawberry.mutation(description="The organization's admin answers a request to join.")
    async def review_volunteer_membership(
        self,
        info: Info,
        input: ReviewVolunteerMembershipInput,
    ) -> ReviewVolunteerMembershipPayload:
        async def use_case(session: AsyncSession) -> Volunteer:
            command = volunteers.ReviewMembership(
                volunteer_id=expect_id(input.volunteer_id, "Volunteer", "volunteerId"),
                decision=input.decision,
            )
            return await volunteers.review_membership(session, info.context.principal, command)

        return await mutate(info, ReviewVolunteerMembershipPayload, use_case, "volunteer")
