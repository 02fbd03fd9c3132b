"""The `recordDelivery` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.dispatch.types import DispatchType
from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.types import UserErrorType
from api.kernel.use_cases import mutate
from domain.dispatch import deliveries
from domain.dispatch.model import Dispatch


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
    user_errors: list[UserErrorType]


@strawberry.type
class RecordDelivery:
    @strawberry.mutation(
        description="The dispatched provider records a delivery; it awaits the receipt."
    )
    async def record_delivery(
        self, info: Info, input: RecordDeliveryInput
    ) -> RecordDeliveryPayload:
        async def use_case(session: AsyncSession) -> Dispatch:
            command = deliveries.RecordDelivery(
                dispatch_id=expect_id(input.dispatch_id, "Dispatch", "dispatchId"),
                quantity=input.quantity,
                note=input.note,
                photo_ref=input.photo_ref,
            )
            return await deliveries.record_delivery(session, info.context.principal, command)

        return await mutate(info, RecordDeliveryPayload, use_case, "dispatch")
