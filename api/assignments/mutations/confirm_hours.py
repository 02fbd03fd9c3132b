"""The `confirmHours` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.assignments.errors import AssignmentError
from api.assignments.types import AssignmentType
from api.kernel.mutations import mutation
from domain.assignments import attendance


@strawberry.input
class ConfirmHoursInput:
    assignment_id: strawberry.ID
    minutes: int = strawberry.field(
        description="From 0 up to the minutes checked in and out, plus 60."
    )


@strawberry.type
class ConfirmHoursPayload:
    assignment: AssignmentType | None
    user_errors: list[AssignmentError]


@strawberry.type
class ConfirmHours:
    confirm_hours = mutation(
        ConfirmHoursInput,
        ConfirmHoursPayload,
        attendance.confirm_hours,
        description="The deploying organization's admin, or an office whose jurisdiction holds "
        "the need, confirms the minutes a checked-out volunteer served.",
    )
