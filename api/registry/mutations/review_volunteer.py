"""The `reviewVolunteer` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import VolunteerError
from api.registry.types import ReviewDecisionEnum, VolunteerType
from domain.offers.reviews import review_volunteer_provider


@strawberry.input
class ReviewVolunteerInput:
    volunteer_id: strawberry.ID
    decision: ReviewDecisionEnum  # type: ignore[valid-type]
    reason: str | None = None


@strawberry.type
class ReviewVolunteerPayload:
    volunteer: VolunteerType | None
    user_errors: list[VolunteerError]


@strawberry.type
class ReviewVolunteer:
    review_volunteer = mutation(
        ReviewVolunteerInput,
        ReviewVolunteerPayload,
        review_volunteer_provider,
        description="Office staff whose jurisdiction holds the volunteer's home region: "
        "approve, reject (with a reason), suspend (with a reason), reinstate.",
    )
