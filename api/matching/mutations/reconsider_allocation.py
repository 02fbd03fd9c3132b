"""The `reconsiderAllocation` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.matching import withheld


@strawberry.input
class ReconsiderAllocationInput:
    allocation_id: strawberry.ID


@strawberry.type
class ReconsiderAllocationPayload:
    allocation: AllocationType | None
    user_errors: list[AllocationError]


@strawberry.type
class ReconsiderAllocation:
    reconsider_allocation = mutation(
        ReconsiderAllocationInput,
        ReconsiderAllocationPayload,
        withheld.reconsider_allocation,
        description="The provider takes back a decline: rounds may propose this offer to "
        "this need again, and one is requested.",
    )
