"""An offer: capacity a provider posts, and what of it is committed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.categories.types import CategoryType, _category
from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.ids import to_global_id
from api.kernel.types import GeoPoint, Node
from api.registry.types import OrganizationType, SkillEnum, VolunteerType
from domain.kernel.enums import (
    OfferStatus,
    Skill,
)
from domain.offers.model import Offer

OfferStatusEnum = strawberry.enum(OfferStatus)


Provider = Annotated[OrganizationType | VolunteerType, strawberry.union("Provider")]


@strawberry.type(name="Offer", description="Capacity posted by an organization or volunteer.")
class OfferType(Node):
    row: strawberry.Private[Offer]
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
    created_at: datetime

    @classmethod
    def of(cls, row: Offer) -> OfferType:
        return cls(
            id=strawberry.ID(to_global_id("Offer", row.id)),
            row=row,
            quantity=row.quantity,
            quantity_committed=row.quantity_committed,
            quantity_proposed=row.quantity_proposed,
            status=row.status,
            available_from=row.available_from,
            available_until=row.available_until,
            service_region_codes=list(row.service_region_codes),
            max_travel_km=row.max_travel_km,
            skills=[Skill(s) for s in row.skills],
            description=row.description,
            created_at=row.created_at,
        )

    @strawberry.field(description="Units neither committed nor proposed.")
    def quantity_free(self) -> int:
        return max(self.row.quantity - self.row.quantity_committed - self.row.quantity_proposed, 0)

    @strawberry.field
    async def category(self, info: Info) -> CategoryType:
        return await _category(info, self.row.category_code)

    @strawberry.field
    def base_location(self) -> GeoPoint | None:
        if self.row.base_latitude is None or self.row.base_longitude is None:
            return None
        return GeoPoint(latitude=self.row.base_latitude, longitude=self.row.base_longitude)

    @strawberry.field(
        description="The organization, or the volunteer when the viewer may see them."
    )
    async def provider(self, info: Info) -> Provider | None:
        if self.row.organization_id is not None:
            org = await loaders.organization(info.context, self.row.organization_id)
            return OrganizationType.of(org) if org else None
        assert self.row.volunteer_id is not None
        volunteer = await loaders.visible_volunteer(info.context, self.row.volunteer_id)
        return VolunteerType.of(volunteer) if volunteer is not None else None
