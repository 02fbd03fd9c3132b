"""The `withdrawOffer` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.offers.inputs import OfferPayload
from domain.offers import services as offers
from domain.offers.model import Offer


@strawberry.type
class WithdrawOfferPayload(OfferPayload):
    pass


@strawberry.input
class WithdrawOfferInput:
    offer_id: strawberry.ID


@strawberry.type
class WithdrawOffer:
    @strawberry.mutation
    async def withdraw_offer(self, info: Info, input: WithdrawOfferInput) -> WithdrawOfferPayload:
        async def use_case(session: AsyncSession) -> Offer:
            command = offers.WithdrawOffer(offer_id=expect_id(input.offer_id, "Offer", "offerId"))
            return await offers.withdraw_offer(session, info.context.principal, command)

        return await mutate(info, WithdrawOfferPayload, use_case, "offer")
