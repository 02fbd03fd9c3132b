"""The `confirmReceipt` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.dispatch.types import DispatchType
from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.types import UserErrorType
from api.kernel.use_cases import mutate
from domain.dispatch import receipts
from domain.dispatch.model import Dispatch


@strawberry.input
class ConfirmReceiptInput:
    dispatch_id: strawberry.ID
    quantity_received: int = strawberry.field(
        description="Of the delivered units not confirmed yet, how many arrived."
    )
    note: str | None = strawberry.field(
        default=None, description="Required when fewer arrived than were delivered: why."
    )


@strawberry.type
class ConfirmReceiptPayload:
    dispatch: DispatchType | None
    user_errors: list[UserErrorType]


@strawberry.type
class ConfirmReceipt:
    @strawberry.mutation(
        description="The receiving office (or the receiver it named) confirms what arrived."
    )
    async def confirm_receipt(
        self, info: Info, input: ConfirmReceiptInput
    ) -> ConfirmReceiptPayload:
        async def use_case(session: AsyncSession) -> Dispatch:
            command = receipts.ConfirmReceipt(
                dispatch_id=expect_id(input.dispatch_id, "Dispatch", "dispatchId"),
                quantity_received=input.quantity_received,
                note=input.note,
            )
            return await receipts.confirm_receipt(session, info.context.principal, command)

        return await mutate(info, ConfirmReceiptPayload, use_case, "dispatch")
