"""The `createOffice` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.mutations import mutate
from api.registry.errors import OfficeError
from api.registry.types import (
    OfficeType,
)
from domain.registry import offices


@strawberry.input
class CreateOfficeInput:
    name: str
    region_code: str


@strawberry.type
class CreateOfficePayload:
    office: OfficeType | None
    user_errors: list[OfficeError]


@strawberry.type
class CreateOffice:
    @strawberry.mutation(description="ADMIN creates a civil-affairs office.")
    async def create_office(self, info: Info, input: CreateOfficeInput) -> CreateOfficePayload:
        return await mutate(
            info,
            CreateOfficePayload,
            lambda s: offices.create_office(
                s,
                info.context.principal,
                offices.CreateOffice(name=input.name, region_code=input.region_code),
            ),
            "office",
        )
