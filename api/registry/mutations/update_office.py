"""The `updateOffice` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import OfficeError
from api.registry.types import OfficeType
from domain.registry import offices


@strawberry.input
class UpdateOfficeInput:
    office_id: strawberry.ID
    name: str | None = None
    region_code: str | None = strawberry.field(
        default=None, description="The new jurisdiction: this region's whole subtree."
    )


@strawberry.type
class UpdateOfficePayload:
    office: OfficeType | None
    user_errors: list[OfficeError]


@strawberry.type
class UpdateOffice:
    update_office = mutation(
        UpdateOfficeInput,
        UpdateOfficePayload,
        offices.update_office,
        description="ADMIN renames an office or changes its jurisdiction.",
    )
