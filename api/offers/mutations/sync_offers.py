"""The `syncOffers` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from api.kernel.mutations import mutation
from api.needs.inputs import GeoPointInput
from api.offers.errors import OfferError
from api.offers.inputs import DescribesOffer
from api.offers.types import OfferType
from api.registry.types import SkillEnum
from domain.offers import sync as offer_sync


@strawberry.input(description="One offer as the provider's system knows it, named by its own id.")
class SyncedOfferInput(DescribesOffer):
    external_id: str = strawberry.field(
        description="The provider's id of this offer (100 characters at most); unique per "
        "organization (or volunteer)."
    )
    category_code: str
    quantity: int
    available_from: datetime
    available_until: datetime
    service_region_codes: list[str] | None = None
    base_location: GeoPointInput | None = None
    max_travel_km: float | None = None
    skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    description: str | None = None


@strawberry.input
class SyncOffersInput:
    offers: list[SyncedOfferInput] = strawberry.field(
        description=f"At most {offer_sync.MAX_OFFERS}; errors name `offers.<index>.<field>`."
    )

    def batch(self) -> list[offer_sync.SyncedOffer]:
        return [
            offer_sync.SyncedOffer(
                external_id=row.external_id, category_code=row.category_code, fields=row.fields()
            )
            for row in self.offers
        ]


@strawberry.type
class SyncOffersPayload:
    offers: list[OfferType] | None = strawberry.field(description="In the order sent.")
    created: int = strawberry.field(default=0, description="External ids seen for the first time.")
    updated: int = strawberry.field(default=0, description="Known ids whose offer changed.")
    unchanged: int = strawberry.field(default=0, description="Known ids sent exactly as they are.")
    user_errors: list[OfferError]


def counted(result: offer_sync.SyncResult) -> dict[str, Any]:
    return {
        "offers": result.offers,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


@strawberry.type
class SyncOffers:
    sync_offers = mutation(
        SyncOffersInput,
        SyncOffersPayload,
        offer_sync.sync_offers,
        answer=counted,
        description="A provider's system creates or updates many offers by external id, all "
        "or none: syncing the same batch again changes nothing.",
    )
