"""The `checkOut` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.assignments.errors import AssignmentError
from api.assignments.mutations.check_in import PositionInput
from api.assignments.types import AssignmentType
from api.kernel.mutations import mutation
from domain.assignments import attendance


@strawberry.input
class CheckOutInput:
    assignment_id: strawberry.ID
    location: PositionInput | None = strawberry.field(
        default=None, description="Only if the volunteer allowed the browser to give it."
    )


@strawberry.type
class CheckOutPayload:
    assignment: AssignmentType | None
    user_errors: list[AssignmentError]


@strawberry.type
class CheckOut:
    check_out = mutation(
        CheckOutInput,
        CheckOutPayload,
        attendance.check_out,
        description="The volunteer checks out: the minutes since check-in are what they served, "
        "until the organization or the office confirms them.",
    )
