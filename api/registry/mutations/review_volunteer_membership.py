"""The `reviewVolunteerMembership` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.types import MembershipDecisionEnum
from api.volunteers.errors import VolunteerError
from api.volunteers.types import VolunteerType
from domain.registry import volunteers


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
    review_volunteer_membership = mutation(
        ReviewVolunteerMembershipInput,
        ReviewVolunteerMembershipPayload,
        volunteers.review_membership,
        description="The organization's admin answers a request to join.",
    )
