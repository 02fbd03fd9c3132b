"""The `deactivateOffice` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import OfficeError
from api.registry.types import OfficeType
from domain.registry import offices


@strawberry.input
class DeactivateOfficeInput:
    office_id: strawberry.ID


@strawberry.type
class DeactivateOfficePayload:
    office: OfficeType | None
    user_errors: list[OfficeError]


@strawberry.type
class DeactivateOffice:
    deactivate_office = mutation(
        DeactivateOfficeInput,
        DeactivateOfficePayload,
        offices.deactivate_office,
        description="ADMIN deactivates an office: its accounts stop signing in and acting "
        "at once; its needs and incidents stay open for ADMIN and the office above.",
    )
