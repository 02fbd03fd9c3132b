"""An offer: capacity a provider posts, and what of it is committed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

import strawberry

from api.categories.types import (
    CategoryType,
    category_of,
    category_read_ahead,
    preload_categories,
)
from api.kernel import loaders
from api.kernel.context import Context, Info
from api.kernel.lookahead import preloads
from api.kernel.types import GeoPoint, Node, row_type
from api.registry.types import OrganizationType, SkillEnum
from api.server.execution import reads_ahead
from api.volunteers.types import VolunteerType
from domain.kernel.enums import (
    OfferStatus,
)
from domain.matching.providers import organization_centre
from domain.offers import services as offers
from domain.offers.model import Offer
from domain.registry import volunteers
from domain.registry.model import Organization, Volunteer

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
        return await _visible_base(root, info)

    @strawberry.field(
        description="Where distances to this offer start, as matching measures them: its "
        "`baseLocation`; an organization's offer without one sets out from its "
        "organization's county's centre. A volunteer's offer: its `baseLocation` only."
    )
    async def origin(self, root: Offer, info: Info) -> GeoPoint | None:
        base = await _visible_base(root, info)
        if base is not None or root.organization_id is None:
            return base
        org = await loaders.organization(info.context, root.organization_id)
        centre = organization_centre(org.region_code) if org is not None else None
        return GeoPoint(latitude=centre.latitude, longitude=centre.longitude) if centre else None

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


async def _visible_base(root: Offer, info: Info) -> GeoPoint | None:
    if root.base_latitude is None or root.base_longitude is None:
        return None
    if root.volunteer_id is not None:
        volunteer = await loaders.loader(info.context, Volunteer).load(root.volunteer_id)
        if volunteer is None or not volunteers.may_see_personal_data(
            info.context.principal, volunteer
        ):
            return None
    return GeoPoint(latitude=root.base_latitude, longitude=root.base_longitude)


# The look-ahead below a level of offers (api/kernel/lookahead.py).
preloads(Offer, "category")(preload_categories)
reads_ahead(OfferType, "category")(category_read_ahead)


@preloads(Offer, "provider")
async def _providers_ahead(ctx: Context, offers: Sequence[Offer]) -> Sequence[Any]:
    organizations = {row.organization_id for row in offers if row.organization_id is not None}
    people = {row.volunteer_id for row in offers if row.volunteer_id is not None}
    if organizations:
        await loaders.loader(ctx, Organization).load_many(sorted(organizations))
    if people:
        await loaders.visible_volunteers_loader(ctx).load_many(sorted(people))
    return ()


@reads_ahead(OfferType, "provider")
def _provider_read(root: Offer, ctx: Context, _args: dict[str, Any]) -> Any:
    if root.organization_id is not None:
        return loaders.peek_loader(ctx, Organization.__name__, root.organization_id)
    return loaders.peek_loader(ctx, "visible_volunteers", root.volunteer_id)
