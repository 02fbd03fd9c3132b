"""The `declineAllocation` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.matching import allocations
from domain.matching.records import Allocation


@strawberry.input
class DeclineAllocationInput:
    allocation_id: strawberry.ID
    reason: str | None = None


@strawberry.type
class DeclineAllocationPayload:
    allocation: AllocationType | None
    user_errors: list[AllocationError]


@strawberry.type
class DeclineAllocation:
    @strawberry.mutation
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
