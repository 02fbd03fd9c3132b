"""Needs, offers, matching rounds and allocations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from api import loaders
from api.context import Info
from api.errors import refusals_as_graphql_errors
from api.ids import to_global_id
from api.types.categories import CategoryType
from api.types.common import Connection, Node, connection_of
from api.types.registry import (
    LocaleEnum,
    OrganizationType,
    RegionType,
    SkillEnum,
    VolunteerType,
)
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    NeedStatus,
    OfferStatus,
    RoundStatus,
    RoundTrigger,
    Skill,
    SpecialGroup,
)
from domain.kernel.pagination import page_of, paginate
from domain.matching import explanations
from domain.matching.model import Urgency
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need
from domain.offers.model import Offer

UrgencyEnum = strawberry.enum(Urgency)
NeedStatusEnum = strawberry.enum(NeedStatus)
SpecialGroupEnum = strawberry.enum(SpecialGroup)
OfferStatusEnum = strawberry.enum(OfferStatus)
AllocationStatusEnum = strawberry.enum(AllocationStatus)
AllocationSourceEnum = strawberry.enum(AllocationSource)
RoundStatusEnum = strawberry.enum(RoundStatus, name="MatchingRoundStatus")
RoundTriggerEnum = strawberry.enum(RoundTrigger, name="MatchingRoundTrigger")


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float


@strawberry.type
class Beneficiaries:
    count: int | None
    special_groups: list[SpecialGroupEnum]  # type: ignore[valid-type]


async def _viewer_locale(info: Info) -> str:
    account_id = info.context.principal.account_id
    if account_id is None:
        return "en"
    account = await loaders.account(info.context, account_id)
    return account.locale.value if account else "en"


async def _category(info: Info, code: str) -> CategoryType:
    row = await loaders.category(info.context, code)
    if row is None:
        return CategoryType(code=code, group="", unit="", name_en=code, name_zh=code)
    return CategoryType.of(row)


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


@strawberry.type(name="Allocation", description="A quantity of one offer assigned to one need.")
class AllocationType(Node):
    row: strawberry.Private[Allocation]
    quantity: int
    status: AllocationStatusEnum  # type: ignore[valid-type]
    source: AllocationSourceEnum  # type: ignore[valid-type]
    expires_at: datetime | None
    decided_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: Allocation) -> AllocationType:
        return cls(
            id=strawberry.ID(to_global_id("Allocation", row.id)),
            row=row,
            quantity=row.quantity,
            status=row.status,
            source=row.source,
            expires_at=row.expires_at,
            decided_at=row.decided_at,
            created_at=row.created_at,
        )

    @strawberry.field(
        description="Why this offer went to this need, in one sentence; in "
        "`language`, else the viewer's own (English for anonymous viewers)."
    )
    async def explanation(self, info: Info, language: LocaleEnum | None = None) -> str:  # type: ignore[valid-type]
        locale = language.value if language is not None else await _viewer_locale(info)
        return explanations.summary(self.row.explanation, locale)

    @strawberry.field(description="The reasons in detail: tiers, urgency, distance, time fit.")
    def reasons(self) -> JSON:
        return cast(JSON, self.row.explanation)

    @strawberry.field
    async def need(self, info: Info) -> NeedType:
        row = await loaders.loader(info.context, Need).load(self.row.need_id)
        assert row is not None
        return NeedType.of(row)

    @strawberry.field
    async def offer(self, info: Info) -> OfferType:
        row = await loaders.loader(info.context, Offer).load(self.row.offer_id)
        assert row is not None
        return OfferType.of(row)

    @strawberry.field
    def round_id(self) -> strawberry.ID | None:
        if self.row.round_id is None:
            return None
        return strawberry.ID(to_global_id("MatchingRound", self.row.round_id))


@strawberry.type(name="MatchingRound", description="One run of the matching engine.")
class MatchingRoundType(Node):
    row: strawberry.Private[MatchingRound]
    status: RoundStatusEnum  # type: ignore[valid-type]
    trigger: RoundTriggerEnum  # type: ignore[valid-type]
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: MatchingRound) -> MatchingRoundType:
        return cls(
            id=strawberry.ID(to_global_id("MatchingRound", row.id)),
            row=row,
            status=row.status,
            trigger=row.trigger,
            started_at=row.started_at,
            finished_at=row.finished_at,
            error=row.error,
            created_at=row.created_at,
        )

    @strawberry.field(description="Objective, pairs considered, proposals written, timings.")
    def stats(self) -> JSON:
        return cast(JSON, self.row.stats)

    @strawberry.field
    def incident_id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Incident", self.row.incident_id))

    @strawberry.field
    async def allocations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AllocationType]:
        stmt = select(Allocation).where(Allocation.round_id == self.row.id)
        with refusals_as_graphql_errors():
            async with info.context.reading() as session:
                page = await paginate(session, Allocation, stmt, first=first, after=after)
        return connection_of(page, AllocationType.of, after=after)
