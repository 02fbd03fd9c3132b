"""The `withdrawOffer` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.use_cases import run_use_case
from api.offers.inputs import OfferPayload
from api.offers.types import OfferType
from domain.offers import services as offers
from domain.offers.model import Offer


@strawberry.input
class WithdrawOfferInput:
    offer_id: strawberry.ID


@strawberry.type
class WithdrawOffer:
    @strawberry.mutation
    async def withdraw_offer(self, info: Info, input: WithdrawOfferInput) -> OfferPayload:
        async def use_case(session: AsyncSession) -> Offer:
            ident = expect_id(input.offer_id, "Offer", "offerId")
            return await offers.withdraw_offer(session, info.context.principal, ident)

        row, errors = await run_use_case(info, use_case)
        return OfferPayload(offer=OfferType.of(row) if row else None, user_errors=errors)
