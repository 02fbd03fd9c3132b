"""The `declineAllocation` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.matching import allocations


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
    user_errors: list[AllocationError]


@strawberry.type
class DeclineAllocation:
    decline_allocation = mutation(
        DeclineAllocationInput,
        DeclineAllocationPayload,
        allocations.decline_allocation,
        description="The offering provider declines a proposal, saying why.",
    )
