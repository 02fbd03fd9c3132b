"""The `registerVolunteer` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import optional_id
from api.kernel.mutations import mutate
from api.registry.errors import VolunteerError
from api.registry.types import (
    SkillEnum,
    VolunteerType,
)
from domain.registry import volunteers
from domain.registry.model import Volunteer


@strawberry.input
class RegisterVolunteerInput:
    display_name: str
    phone: str
    email: str
    password: str
    region_code: str
    skills: list[SkillEnum]  # type: ignore[valid-type]
    organization_id: strawberry.ID | None = None


@strawberry.type
class RegisterVolunteerPayload:
    volunteer: VolunteerType | None
    user_errors: list[VolunteerError]


@strawberry.type
class RegisterVolunteer:
    @strawberry.mutation(description="Anyone: a volunteer signs up, optionally asking to join.")
    async def register_volunteer(
        self,
        info: Info,
        input: RegisterVolunteerInput,
    ) -> RegisterVolunteerPayload:
        async def use_case(session: AsyncSession) -> Volunteer:
            command = volunteers.RegisterVolunteer(
                display_name=input.display_name,
                phone=input.phone,
                email=input.email,
                password=input.password,
                region_code=input.region_code,
                skills=list(input.skills),
                organization_id=optional_id(
                    input.organization_id, "Organization", "organizationId"
                ),
            )
            return await volunteers.register_volunteer(session, info.context.principal, command)

        return await mutate(info, RegisterVolunteerPayload, use_case, "volunteer")
