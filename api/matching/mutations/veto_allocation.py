"""The `vetoAllocation` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.matching import withheld


@strawberry.input
class VetoAllocationInput:
    allocation_id: strawberry.ID
    reason: str | None = strawberry.field(
        default=None, description="Required: why, in at most 2000 characters."
    )


@strawberry.type
class VetoAllocationPayload:
    allocation: AllocationType | None
    user_errors: list[AllocationError]


@strawberry.type
class VetoAllocation:
    veto_allocation = mutation(
        VetoAllocationInput,
        VetoAllocationPayload,
        withheld.veto_allocation,
        description="The office responsible for the need turns a proposal down: the units "
        "go back, the provider is told, rounds never propose the pair again.",
    )
