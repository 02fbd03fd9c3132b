"""The `reconsiderAllocation` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.types import UserErrorType
from api.kernel.use_cases import mutate
from api.matching.types import AllocationType
from domain.matching import withheld
from domain.matching.records import Allocation


@strawberry.input
class ReconsiderAllocationInput:
    allocation_id: strawberry.ID


@strawberry.type
class ReconsiderAllocationPayload:
    allocation: AllocationType | None
    user_errors: list[UserErrorType]


@strawberry.type
class ReconsiderAllocation:
    @strawberry.mutation(
        description="The provider takes back a decline: rounds may propose this offer to "
        "this need again, and one is requested."
    )
    async def reconsider_allocation(
        self, info: Info, input: ReconsiderAllocationInput
    ) -> ReconsiderAllocationPayload:
        async def use_case(session: AsyncSession) -> Allocation:
            command = withheld.ReconsiderAllocation(
                allocation_id=expect_id(input.allocation_id, "Allocation", "allocationId")
            )
            return await withheld.reconsider_allocation(session, info.context.principal, command)

        return await mutate(info, ReconsiderAllocationPayload, use_case, "allocation")
