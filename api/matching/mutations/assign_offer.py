"""The `assignOffer` mutation: its input, its payload and its resolver."""

from __future__ import annotations

from datetime import timedelta

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.types import UserErrorType
from api.kernel.use_cases import mutate
from api.matching.types import AllocationType
from domain.matching import assign
from domain.matching.records import Allocation


@strawberry.input
class AssignOfferInput:
    offer_id: strawberry.ID
    need_id: strawberry.ID
    quantity: int


@strawberry.type
class AssignOfferPayload:
    allocation: AllocationType | None
    user_errors: list[UserErrorType]


@strawberry.type
class AssignOffer:
    @strawberry.mutation(
        description="The office responsible for the need proposes an offer for it; the "
        "provider accepts or declines. Incompatible pairs are refused with the reason."
    )
    async def assign_offer(self, info: Info, input: AssignOfferInput) -> AssignOfferPayload:
        lifetime = timedelta(minutes=info.context.settings.proposal_lifetime_minutes)

        async def use_case(session: AsyncSession) -> Allocation:
            command = assign.AssignOffer(
                offer_id=expect_id(input.offer_id, "Offer", "offerId"),
                need_id=expect_id(input.need_id, "Need", "needId"),
                quantity=input.quantity,
            )
            return await assign.assign_offer(
                session, info.context.principal, command, lifetime=lifetime
            )

        return await mutate(info, AssignOfferPayload, use_case, "allocation")
