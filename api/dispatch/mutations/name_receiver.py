"""The `nameReceiver` mutation: its input, its payload and its resolver."""

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
class NameReceiverInput:
    dispatch_id: strawberry.ID
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="The account that may confirm receipt; null names nobody."
    )


@strawberry.type
class NameReceiverPayload:
    dispatch: DispatchType | None
    user_errors: list[UserErrorType]


@strawberry.type
class NameReceiver:
    @strawberry.mutation(
        description="The receiving office names who on the ground may confirm receipt."
    )
    async def name_receiver(self, info: Info, input: NameReceiverInput) -> NameReceiverPayload:
        async def use_case(session: AsyncSession) -> Dispatch:
            account = input.account_id
            command = receipts.NameReceiver(
                dispatch_id=expect_id(input.dispatch_id, "Dispatch", "dispatchId"),
                account_id=expect_id(account, "Account", "accountId") if account else None,
            )
            return await receipts.name_receiver(session, info.context.principal, command)

        return await mutate(info, NameReceiverPayload, use_case, "dispatch")
