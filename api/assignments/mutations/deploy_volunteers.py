"""The `deployVolunteers` mutation: its input, its payload and its use case."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from api.assignments.errors import AssignmentError
from api.assignments.types import AssignmentType
from api.kernel.ids import expect_id
from api.kernel.mutations import mutation
from domain.assignments import services


@strawberry.input
class DeployVolunteersInput:
    allocation_id: strawberry.ID
    volunteer_ids: list[strawberry.ID] = strawberry.field(
        description="Approved members of the organization, at most 50."
    )
    starts_at: datetime | None = strawberry.field(
        default=None, description="The offer's start if left out."
    )
    ends_at: datetime | None = strawberry.field(
        default=None, description="The offer's end, or the need's needed-by if sooner."
    )

    def volunteers(self) -> list[uuid.UUID]:
        return [
            expect_id(ident, "Volunteer", f"volunteerIds.{index}")
            for index, ident in enumerate(self.volunteer_ids)
        ]


@strawberry.type
class DeployVolunteersPayload:
    assignments: list[AssignmentType] | None
    user_errors: list[AssignmentError]


@strawberry.type
class DeployVolunteers:
    deploy_volunteers = mutation(
        DeployVolunteersInput,
        DeployVolunteersPayload,
        services.deploy_volunteers,
        description="An organization's admin names which approved members go on an "
        "allocation it accepted: each holds the need's required skills and no overlapping "
        "assignment. All or none; those named are told.",
    )
