"""The payload and the field mapping the offer mutations share."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from api.offers.errors import OfferError
from api.offers.types import OfferType
from domain.offers import services as offers

if TYPE_CHECKING:
    from api.offers.mutations.post_offer import PostOfferInput
    from api.offers.mutations.update_offer import UpdateOfferInput


@strawberry.type
class OfferPayload:
    offer: OfferType | None
    user_errors: list[OfferError]


def offer_fields(source: PostOfferInput | UpdateOfferInput) -> offers.OfferFields:
    return offers.OfferFields(
        quantity=source.quantity,
        available_from=source.available_from,
        available_until=source.available_until,
        service_region_codes=list(source.service_region_codes)
        if source.service_region_codes is not None
        else None,
        base_location=source.base_location.to_point() if source.base_location else None,
        max_travel_km=source.max_travel_km,
        skills=list(source.skills) if source.skills is not None else None,
        description=source.description,
    )
