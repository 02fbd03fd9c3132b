"""The `postOffer` mutation: its input, its payload and its resolver."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.context import Info
from api.kernel.mutations import mutate
from api.needs.inputs import GeoPointInput
from api.offers.inputs import OfferPayload, offer_fields
from api.registry.types import SkillEnum
from domain.offers import services as offers


@strawberry.type
class PostOfferPayload(OfferPayload):
    pass


@strawberry.input
class PostOfferInput:
    category_code: str
    quantity: int
    available_from: datetime
    available_until: datetime
    service_region_codes: list[str] | None = None
    base_location: GeoPointInput | None = None
    max_travel_km: float | None = None
    skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    description: str | None = None


@strawberry.type
class PostOffer:
    @strawberry.mutation(description="A VERIFIED organization's member (or a volunteer) posts.")
    async def post_offer(self, info: Info, input: PostOfferInput) -> PostOfferPayload:
        return await mutate(
            info,
            PostOfferPayload,
            lambda s: offers.post_offer(
                s,
                info.context.principal,
                offers.PostOffer(category_code=input.category_code, fields=offer_fields(input)),
            ),
            "offer",
        )
