"""The `pledgeOffer` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.dispatch.types import DispatchType
from api.kernel.mutations import mutation
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.matching import allocations


@strawberry.input
class PledgeOfferInput:
    offer_id: strawberry.ID
    need_id: strawberry.ID
    quantity: int


@strawberry.type
class PledgeOfferPayload:
    allocation: AllocationType | None
    dispatch: DispatchType | None
    user_errors: list[AllocationError]


@strawberry.type
class PledgeOffer:
    pledge_offer = mutation(
        PledgeOfferInput,
        PledgeOfferPayload,
        allocations.pledge_offer,
        description="Commit part of an offer to a need directly.",
    )
