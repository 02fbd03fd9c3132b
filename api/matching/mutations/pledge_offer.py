"""The `pledgeOffer` mutation: its input, its payload and its resolver."""

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
    @strawberry.mutation(description="Commit part of an offer to a need directly.")
    async def pledge_offer(self, info: Info, input: PledgeOfferInput) -> PledgeOfferPayload:
        async def use_case(session: AsyncSession) -> tuple[Allocation, Dispatch]:
            command = allocations.PledgeOffer(
                offer_id=expect_id(input.offer_id, "Offer", "offerId"),
                need_id=expect_id(input.need_id, "Need", "needId"),
                quantity=input.quantity,
            )
            return await allocations.pledge_offer(session, info.context.principal, command)

        return await mutate(info, PledgeOfferPayload, use_case, "allocation", "dispatch")
