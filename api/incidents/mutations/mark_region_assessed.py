"""The `markRegionAssessed` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.incidents.types import IncidentType
from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.types import UserErrorType
from api.kernel.use_cases import mutate
from domain.incidents import blind_spots
from domain.incidents.model import Incident


@strawberry.input
class MarkRegionAssessedInput:
    incident_id: strawberry.ID
    region_code: str = strawberry.field(description="A county (lowest-level region) it affects.")
    note: str | None = strawberry.field(default=None, description="What the assessment found.")


@strawberry.type
class MarkRegionAssessedPayload:
    incident: IncidentType | None
    user_errors: list[UserErrorType]


@strawberry.type
class MarkRegionAssessed:
    @strawberry.mutation(
        description="An office whose jurisdiction holds the region records that it was "
        "assessed and needs nothing now: it is no longer a blind spot."
    )
    async def mark_region_assessed(
        self, info: Info, input: MarkRegionAssessedInput
    ) -> MarkRegionAssessedPayload:
        async def use_case(session: AsyncSession) -> Incident:
            command = blind_spots.MarkRegionAssessed(
                incident_id=expect_id(input.incident_id, "Incident", "incidentId"),
                region_code=input.region_code,
                note=input.note,
            )
            return await blind_spots.mark_region_assessed(session, info.context.principal, command)

        return await mutate(info, MarkRegionAssessedPayload, use_case, "incident")
