"""The `recordDelivery` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.dispatch.errors import DispatchError
from api.dispatch.types import DispatchType
from api.kernel.mutations import mutation
from domain.dispatch import deliveries


@strawberry.input
class RecordDeliveryInput:
    dispatch_id: strawberry.ID
    quantity: int = strawberry.field(description="Units handed over now, in the category's unit.")
    note: str | None = None
    photo_ref: str | None = strawberry.field(
        default=None, description="Where a photo of the hand-over is kept (URL or reference)."
    )


@strawberry.type
class RecordDeliveryPayload:
    dispatch: DispatchType | None
    user_errors: list[DispatchError]


@strawberry.type
class RecordDelivery:
    record_delivery = mutation(
        RecordDeliveryInput,
        RecordDeliveryPayload,
        deliveries.record_delivery,
        description="The dispatched provider records a delivery; it awaits the receipt.",
    )
