"""The `declineAllocation` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.types import UserErrorType
from api.kernel.use_cases import mutate
from api.matching.types import AllocationType
from domain.matching import allocations
from domain.matching.records import Allocation


@strawberry.input
class DeclineAllocationInput:
    allocation_id: strawberry.ID
    reason: str | None = strawberry.field(
        default=None,
        description="Required (a REQUIRED userError without it): why, in at most 2000 "
        "characters. Rounds then no longer propose this offer to this need.",
    )


@strawberry.type
class DeclineAllocationPayload:
    allocation: AllocationType | None
    user_errors: list[UserErrorType]


@strawberry.type
class DeclineAllocation:
    @strawberry.mutation(description="The offering provider declines a proposal, saying why.")
    async def decline_allocation(
        self, info: Info, input: DeclineAllocationInput
    ) -> DeclineAllocationPayload:
        async def use_case(session: AsyncSession) -> Allocation:
            command = allocations.DeclineAllocation(
                allocation_id=expect_id(input.allocation_id, "Allocation", "allocationId"),
                reason=input.reason,
            )
            return await allocations.decline_allocation(session, info.context.principal, command)

        return await mutate(info, DeclineAllocationPayload, use_case, "allocation")
