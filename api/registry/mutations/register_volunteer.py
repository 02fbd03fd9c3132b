"""The `registerVolunteer` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import VolunteerError
from api.registry.types import SkillEnum, VolunteerType
from domain.registry import volunteers


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
    register_volunteer = mutation(
        RegisterVolunteerInput,
        RegisterVolunteerPayload,
        volunteers.register_volunteer,
        description="Anyone: a volunteer signs up, optionally asking to join.",
    )
