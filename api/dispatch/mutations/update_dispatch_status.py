"""The `updateDispatchStatus` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.dispatch.errors import DispatchError
from api.dispatch.types import DispatchStatusEnum, DispatchType
from api.kernel.mutations import mutation
from domain.dispatch import status as dispatch_status


@strawberry.input
class UpdateDispatchStatusInput:
    dispatch_id: strawberry.ID
    status: DispatchStatusEnum  # type: ignore[valid-type]
    delivered_quantity: int | None = strawberry.field(
        default=None, description="Required with DELIVERED: units handed over (one delivery)."
    )
    capacity_gone: bool = strawberry.field(
        default=False,
        description="With COMPLETED: the units never delivered are gone, so they do not go "
        "back to the offer (they always go back to the need).",
    )


@strawberry.type
class UpdateDispatchStatusPayload:
    dispatch: DispatchType | None
    user_errors: list[DispatchError]


@strawberry.type
class UpdateDispatchStatus:
    update_dispatch_status = mutation(
        UpdateDispatchStatusInput,
        UpdateDispatchStatusPayload,
        dispatch_status.update_dispatch_status,
        description="The provider moves its dispatch on; the office cancels.",
    )
