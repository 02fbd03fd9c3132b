"""The `createOffice` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import OfficeError
from api.registry.types import OfficeType
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
    create_office = mutation(
        CreateOfficeInput,
        CreateOfficePayload,
        offices.create_office,
        description="ADMIN creates a civil-affairs office.",
    )
