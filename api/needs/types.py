"""A need: what an office asks for, and what is allocated and delivered."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.categories.types import CategoryType, _category
from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import to_global_id
from api.kernel.types import Connection, GeoPoint, Node, connection_of
from api.matching.types import AllocationType
from api.registry.types import RegionType, SkillEnum
from domain.kernel.enums import (
    NeedStatus,
    Skill,
    SpecialGroup,
)
from domain.kernel.pagination import page_of
from domain.matching.model import Urgency
from domain.matching.records import Allocation
from domain.needs.model import Need

UrgencyEnum = strawberry.enum(Urgency)


NeedStatusEnum = strawberry.enum(NeedStatus)


SpecialGroupEnum = strawberry.enum(SpecialGroup)


@strawberry.type
class Beneficiaries:
    count: int | None
    special_groups: list[SpecialGroupEnum]  # type: ignore[valid-type]


@strawberry.type(name="Need", description="What a disaster area needs, published by an office.")
class NeedType(Node):
    row: strawberry.Private[Need]
    quantity: int
    quantity_allocated: int
    quantity_proposed: int
    quantity_delivered: int
    status: NeedStatusEnum  # type: ignore[valid-type]
    urgency: UrgencyEnum  # type: ignore[valid-type]
    needed_by: datetime
    description: str | None
    required_skills: list[SkillEnum]  # type: ignore[valid-type]
    external_id: str | None = strawberry.field(description="The id a partner synced it by.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Need) -> NeedType:
        return cls(
            id=strawberry.ID(to_global_id("Need", row.id)),
            row=row,
            quantity=row.quantity,
            quantity_allocated=row.quantity_allocated,
            quantity_proposed=row.quantity_proposed,
            quantity_delivered=row.quantity_delivered,
            status=row.status,
            urgency=row.urgency,
            needed_by=row.needed_by,
            description=row.description,
            required_skills=[Skill(s) for s in row.required_skills],
            external_id=row.external_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field(description="Units not yet allocated or proposed.")
    def quantity_open(self) -> int:
        return max(self.row.quantity - self.row.quantity_allocated - self.row.quantity_proposed, 0)

    @strawberry.field
    async def category(self, info: Info) -> CategoryType:
        return await _category(info, self.row.category_code)

    @strawberry.field
    def region(self) -> RegionType:
        return RegionType.by_code(self.row.region_code)

    @strawberry.field
    def location(self) -> GeoPoint | None:
        if self.row.latitude is None or self.row.longitude is None:
            return None
        return GeoPoint(latitude=self.row.latitude, longitude=self.row.longitude)

    @strawberry.field
    def beneficiaries(self) -> Beneficiaries:
        return Beneficiaries(
            count=self.row.beneficiary_count,
            special_groups=[SpecialGroup(g) for g in self.row.special_groups],
        )

    @strawberry.field
    def incident_id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Incident", self.row.incident_id))

    @strawberry.field
    async def allocations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AllocationType]:
        rows = await loaders.grouped(
            info.context, "allocations_by_need", Allocation, Allocation.need_id
        ).load(self.row.id)
        with refusals_as_graphql_errors():
            page = page_of(rows, first=first, after=after)
        return connection_of(page, AllocationType.of, after=after)
