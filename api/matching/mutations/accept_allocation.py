"""The `acceptAllocation` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.dispatch.types import DispatchType
from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.dispatch.model import Dispatch
from domain.matching import allocations
from domain.matching.records import Allocation


@strawberry.input
class AcceptAllocationInput:
    allocation_id: strawberry.ID


@strawberry.type
class AcceptAllocationPayload:
    allocation: AllocationType | None
    dispatch: DispatchType | None
    user_errors: list[AllocationError]


@strawberry.type
class AcceptAllocation:
    @strawberry.mutation(description="The offering provider accepts: a dispatch is issued.")
    async def accept_allocation(
        self, info: Info, input: AcceptAllocationInput
    ) -> AcceptAllocationPayload:
        async def use_case(session: AsyncSession) -> tuple[Allocation, Dispatch]:
            command = allocations.AcceptAllocation(
                allocation_id=expect_id(input.allocation_id, "Allocation", "allocationId")
            )
            return await allocations.accept_allocation(session, info.context.principal, command)

        return await mutate(info, AcceptAllocationPayload, use_case, "allocation", "dispatch")
