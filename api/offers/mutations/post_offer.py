"""The `postOffer` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.mutations import mutation
from api.needs.inputs import GeoPointInput
from api.offers.inputs import DescribesOffer, OfferPayload
from api.registry.types import SkillEnum
from domain.offers import services as offers


@strawberry.input
class PostOfferInput(DescribesOffer):
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
class PostOfferPayload(OfferPayload):
    pass


@strawberry.type
class PostOffer:
    post_offer = mutation(
        PostOfferInput,
        PostOfferPayload,
        offers.post_offer,
        description="A VERIFIED organization's member (or a volunteer) posts.",
    )
