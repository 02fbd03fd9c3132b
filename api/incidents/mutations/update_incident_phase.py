"""The `updateIncidentPhase` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.incidents.errors import IncidentError
from api.incidents.types import IncidentPhaseEnum, IncidentType
from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from domain.incidents import services as incidents
from domain.incidents.model import Incident


@strawberry.input
class UpdateIncidentPhaseInput:
    incident_id: strawberry.ID
    phase: IncidentPhaseEnum  # type: ignore[valid-type]


@strawberry.type
class UpdateIncidentPhasePayload:
    incident: IncidentType | None
    user_errors: list[IncidentError]


@strawberry.type
class UpdateIncidentPhase:
    @strawberry.mutation(description="Office staff move an incident forward (or CLOSE it).")
    async def update_incident_phase(
        self, info: Info, input: UpdateIncidentPhaseInput
    ) -> UpdateIncidentPhasePayload:
        async def use_case(session: AsyncSession) -> Incident:
            command = incidents.UpdatePhase(
                incident_id=expect_id(input.incident_id, "Incident", "incidentId"),
                phase=input.phase,
            )
            return await incidents.update_phase(session, info.context.principal, command)

        return await mutate(info, UpdateIncidentPhasePayload, use_case, "incident")
