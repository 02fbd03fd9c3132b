"""The `updateOffer` mutation: its input, its payload and its resolver."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.needs.inputs import GeoPointInput
from api.offers.inputs import OfferPayload, offer_fields
from api.registry.types import SkillEnum
from domain.offers import services as offers
from domain.offers.model import Offer


@strawberry.type
class UpdateOfferPayload(OfferPayload):
    pass


@strawberry.input
class UpdateOfferInput:
    offer_id: strawberry.ID
    quantity: int | None = None
    available_from: datetime | None = None
    available_until: datetime | None = None
    service_region_codes: list[str] | None = None
    base_location: GeoPointInput | None = None
    max_travel_km: float | None = None
    skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    description: str | None = None


@strawberry.type
class UpdateOffer:
    @strawberry.mutation
    async def update_offer(self, info: Info, input: UpdateOfferInput) -> UpdateOfferPayload:
        async def use_case(session: AsyncSession) -> Offer:
            command = offers.UpdateOffer(
                offer_id=expect_id(input.offer_id, "Offer", "offerId"), fields=offer_fields(input)
            )
            return await offers.update_offer(session, info.context.principal, command)

        return await mutate(info, UpdateOfferPayload, use_case, "offer")
