"""The `updateDispatchStatus` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.dispatch.errors import DispatchError
from api.dispatch.types import DispatchStatusEnum, DispatchType
from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from domain.dispatch import status as dispatch_status
from domain.dispatch.model import Dispatch


@strawberry.input
class UpdateDispatchStatusInput:
    dispatch_id: strawberry.ID
    status: DispatchStatusEnum  # type: ignore[valid-type]
    delivered_quantity: int | None = strawberry.field(
        default=None, description="Required with DELIVERED: units handed over."
    )


@strawberry.type
class UpdateDispatchStatusPayload:
    dispatch: DispatchType | None
    user_errors: list[DispatchError]


@strawberry.type
class UpdateDispatchStatus:
    @strawberry.mutation(description="The provider moves its dispatch on; the office cancels.")
    async def update_dispatch_status(
        self, info: Info, input: UpdateDispatchStatusInput
    ) -> UpdateDispatchStatusPayload:
        async def use_case(session: AsyncSession) -> Dispatch:
            command = dispatch_status.UpdateDispatchStatus(
                dispatch_id=expect_id(input.dispatch_id, "Dispatch", "dispatchId"),
                status=input.status,
                delivered_quantity=input.delivered_quantity,
            )
            return await dispatch_status.update_dispatch_status(
                session, info.context.principal, command
            )

        return await mutate(info, UpdateDispatchStatusPayload, use_case, "dispatch")
