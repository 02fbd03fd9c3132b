"""The `updateOffer` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.mutations import mutation
from api.needs.inputs import GeoPointInput
from api.offers.inputs import DescribesOffer, OfferPayload
from api.registry.types import SkillEnum
from domain.offers import services as offers


@strawberry.input
class UpdateOfferInput(DescribesOffer):
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
class UpdateOfferPayload(OfferPayload):
    pass


@strawberry.type
class UpdateOffer:
    update_offer = mutation(UpdateOfferInput, UpdateOfferPayload, offers.update_offer)
