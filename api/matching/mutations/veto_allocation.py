"""The `vetoAllocation` mutation: its input, its payload and its resolver."""

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
class VetoAllocationInput:
    allocation_id: strawberry.ID
    reason: str | None = strawberry.field(
        default=None, description="Required: why, in at most 2000 characters."
    )


@strawberry.type
class VetoAllocationPayload:
    allocation: AllocationType | None
    user_errors: list[UserErrorType]


@strawberry.type
class VetoAllocation:
    @strawberry.mutation(
        description="The office responsible for the need turns a proposal down: the units "
        "go back, the provider is told, rounds never propose the pair again."
    )
    async def veto_allocation(
        self, info: Info, input: VetoAllocationInput
    ) -> VetoAllocationPayload:
        async def use_case(session: AsyncSession) -> Allocation:
            command = withheld.VetoAllocation(
                allocation_id=expect_id(input.allocation_id, "Allocation", "allocationId"),
                reason=input.reason,
            )
            return await withheld.veto_allocation(session, info.context.principal, command)

        return await mutate(info, VetoAllocationPayload, use_case, "allocation")
