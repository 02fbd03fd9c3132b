"""Incidents and the category taxonomy."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id, optional_id
from api.mutations.base import run_use_case
from api.types.categories import CategoryType
from api.types.common import UserErrorType
from api.types.incidents import HazardEnum, IncidentPhaseEnum, IncidentType, ResponseLevelEnum
from domain.categories import services as categories
from domain.categories.model import Category
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
    user_errors: list[UserErrorType]


@strawberry.input
class UpdateIncidentPhaseInput:
    incident_id: strawberry.ID
    phase: IncidentPhaseEnum  # type: ignore[valid-type]


@strawberry.type
class UpdateIncidentPhasePayload:
    incident: IncidentType | None
    user_errors: list[UserErrorType]


@strawberry.input
class AddCategoryInput:
    code: str
    group: str
    unit: str
    name_en: str
    name_zh: str


@strawberry.type
class AddCategoryPayload:
    category: CategoryType | None
    user_errors: list[UserErrorType]


@strawberry.type
class IncidentMutations:
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

        row, errors = await run_use_case(info, use_case)
        return CreateIncidentPayload(
            incident=IncidentType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="Office staff move an incident forward (or CLOSE it).")
    async def update_incident_phase(
        self, info: Info, input: UpdateIncidentPhaseInput
    ) -> UpdateIncidentPhasePayload:
        async def use_case(session: AsyncSession) -> Incident:
            ident = expect_id(input.incident_id, "Incident", "incidentId")
            return await incidents.update_phase(session, info.context.principal, ident, input.phase)

        row, errors = await run_use_case(info, use_case)
        return UpdateIncidentPhasePayload(
            incident=IncidentType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="ADMIN extends the taxonomy.")
    async def add_category(self, info: Info, input: AddCategoryInput) -> AddCategoryPayload:
        async def use_case(session: AsyncSession) -> Category:
            return await categories.add_category(
                session,
                info.context.principal,
                code=input.code,
                group=input.group,
                unit=input.unit,
                name_en=input.name_en,
                name_zh=input.name_zh,
            )

        row, errors = await run_use_case(info, use_case)
        return AddCategoryPayload(
            category=CategoryType.of(row) if row else None, user_errors=errors
        )
