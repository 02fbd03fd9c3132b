"""The payload and the offer fields the offer mutations share."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

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


class DescribesOffer:
    """An input that carries an offer's fields; its command takes them as OfferFields."""

    def fields(self) -> offers.OfferFields:
        source = cast("PostOfferInput | UpdateOfferInput", self)
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
