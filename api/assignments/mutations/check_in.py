"""The `checkIn` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.assignments.errors import AssignmentError
from api.assignments.types import AssignmentType
from api.kernel.mutations import mutation
from domain.assignments import attendance


@strawberry.input(description="A position as the browser gives it, in WGS 84 degrees.")
class PositionInput:
    latitude: float
    longitude: float


@strawberry.input
class CheckInInput:
    assignment_id: strawberry.ID
    location: PositionInput | None = strawberry.field(
        default=None, description="Only if the volunteer allowed the browser to give it."
    )


@strawberry.type
class CheckInPayload:
    assignment: AssignmentType | None
    user_errors: list[AssignmentError]


@strawberry.type
class CheckIn:
    check_in = mutation(
        CheckInInput,
        CheckInPayload,
        attendance.check_in,
        description="The volunteer checks in to their assignment: from 12 hours before it "
        "starts until it ends.",
    )
