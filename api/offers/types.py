"""An offer: capacity a provider posts, and what of it is committed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.categories.types import CategoryType, category_of
from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.types import GeoPoint, Node, row_type
from api.registry.types import OrganizationType, SkillEnum
from api.volunteers.types import VolunteerType
from domain.kernel.enums import (
    OfferStatus,
)
from domain.offers import services as offers
from domain.offers.model import Offer
from domain.registry import volunteers
from domain.registry.model import Volunteer

OfferStatusEnum = strawberry.enum(OfferStatus)


Provider = Annotated[OrganizationType | VolunteerType, strawberry.union("Provider")]


@row_type(Offer, name="Offer", description="Capacity posted by an organization or volunteer.")
class OfferType(Node):
    quantity: int
    quantity_committed: int
    quantity_proposed: int
    status: OfferStatusEnum  # type: ignore[valid-type]
    available_from: datetime
    available_until: datetime
    service_region_codes: list[str]
    max_travel_km: float | None
    skills: list[SkillEnum]  # type: ignore[valid-type]
    description: str | None
    external_id: str | None = strawberry.field(
        description="The id the provider's own system synced it by (syncOffers)."
    )
    created_at: datetime
    updated_at: datetime = strawberry.field(
        description="When it last changed: the order of `filter: {updatedSince}`."
    )

    @strawberry.field(
        description="Units neither committed nor proposed; 0 once WITHDRAWN or EXPIRED."
    )
    def quantity_free(self, root: Offer) -> int:
        return offers.free_capacity(root)

    @strawberry.field
    async def category(self, root: Offer, info: Info) -> CategoryType:
        return await category_of(info, root.category_code)

    @strawberry.field(
        description="Where the provider sets out from. A volunteer's is where a person "
        "stays: null unless the viewer may see their personal data."
    )
    async def base_location(self, root: Offer, info: Info) -> GeoPoint | None:
        if root.base_latitude is None or root.base_longitude is None:
            return None
        if root.volunteer_id is not None:
            volunteer = await loaders.loader(info.context, Volunteer).load(root.volunteer_id)
            if volunteer is None or not volunteers.may_see_personal_data(
                info.context.principal, volunteer
            ):
                return None
        return GeoPoint(latitude=root.base_latitude, longitude=root.base_longitude)

    @strawberry.field(
        description="The organization, or the volunteer when the viewer may see them."
    )
    async def provider(self, root: Offer, info: Info) -> Provider | None:
        if root.organization_id is not None:
            org = await loaders.organization(info.context, root.organization_id)
            return OrganizationType.of(org) if org else None
        assert root.volunteer_id is not None
        volunteer = await loaders.visible_volunteer(info.context, root.volunteer_id)
        return VolunteerType.of(volunteer) if volunteer is not None else None
