"""The `acceptAllocation` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.dispatch.types import DispatchType
from api.kernel.mutations import mutation
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.matching import allocations


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
    accept_allocation = mutation(
        AcceptAllocationInput,
        AcceptAllocationPayload,
        allocations.accept_allocation,
        description="The offering provider accepts: a dispatch is issued.",
    )
