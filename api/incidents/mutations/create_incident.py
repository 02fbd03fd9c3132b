"""The `createIncident` mutation: its input, its payload and its resolver."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.incidents.errors import IncidentError
from api.incidents.types import HazardEnum, IncidentType, ResponseLevelEnum
from api.kernel.context import Info
from api.kernel.ids import optional_id
from api.kernel.mutations import mutate
from domain.incidents import services as incidents
from domain.incidents.model import Incident


@strawberry.input
class CreateIncidentInput:
    name: str
    hazard: HazardEnum  # type: ignore[valid-type]
    response_level: ResponseLevelEnum  # type: ignore[valid-type]
    region_codes: list[str]
    started_at: datetime
    description: str | None = None
    office_id: strawberry.ID | None = strawberry.field(
        default=None, description="ADMIN only: the responsible office."
    )


@strawberry.type
class CreateIncidentPayload:
    incident: IncidentType | None
    user_errors: list[IncidentError]


@strawberry.type
class CreateIncident:
    @strawberry.mutation(description="Office staff open an incident inside their jurisdiction.")
    async def create_incident(
        self, info: Info, input: CreateIncidentInput
    ) -> CreateIncidentPayload:
        async def use_case(session: AsyncSession) -> Incident:
            command = incidents.CreateIncident(
                name=input.name,
                hazard=input.hazard,
                response_level=input.response_level,
                region_codes=list(input.region_codes),
                started_at=input.started_at,
                description=input.description,
                office_id=optional_id(input.office_id, "Office", "officeId"),
            )
            return await incidents.create_incident(session, info.context.principal, command)

        return await mutate(info, CreateIncidentPayload, use_case, "incident")
