"""A need: what an office asks for, and what is allocated and delivered."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.categories.types import (
    CategoryType,
    category_of,
    category_read_ahead,
    preload_categories,
)
from api.kernel import loaders
from api.kernel.connections import connection_from_rows
from api.kernel.context import Context, Info
from api.kernel.ids import to_global_id
from api.kernel.lookahead import preloads
from api.kernel.types import Connection, GeoPoint, Node, row_type
from api.matching.types import AllocationType, viewer_locale
from api.registry.types import LocaleEnum, OfficeType, RegionType, SkillEnum
from api.server.execution import MISS, reads_ahead
from domain.kernel import policy
from domain.kernel.enums import (
    NeedStatus,
    SpecialGroup,
)
from domain.matching import explanations
from domain.matching.model import Urgency
from domain.matching.records import Allocation
from domain.matching.shortfall import ShortfallCode
from domain.matching.specs import standing_reasons
from domain.needs.model import Need
from domain.registry.model import Organization, Volunteer
from domain.registry.standing import is_verified_provider

UrgencyEnum = strawberry.enum(Urgency)


NeedStatusEnum = strawberry.enum(NeedStatus)


SpecialGroupEnum = strawberry.enum(SpecialGroup)


ShortfallReasonCodeEnum = strawberry.enum(
    ShortfallCode,
    name="ShortfallReasonCode",
    description="Why a need is still short after the last matching round.",
)


@strawberry.type(description="One reason a need is still short, and what would help.")
class ShortfallReason:
    code: ShortfallReasonCodeEnum  # type: ignore[valid-type]
    message: str = strawberry.field(description="The reason and what to do, in one sentence.")
    offers: int = strawberry.field(description="How many offers of the category it concerns.")
    distance_km: float | None = strawberry.field(
        description="OUTSIDE_SERVICE_AREA: how far the nearest such offer is, when known."
    )


@strawberry.type
class Beneficiaries:
    count: int | None
    special_groups: list[SpecialGroupEnum]  # type: ignore[valid-type]


@row_type(Need, name="Need", description="What a disaster area needs, published by an office.")
class NeedType(Node):
    quantity: int
    quantity_allocated: int
    quantity_proposed: int
    quantity_delivered: int = strawberry.field(
        description="Confirmed received by the receiving side; only these count."
    )
    quantity_awaiting_receipt: int = strawberry.field(
        description="Delivered by providers, not confirmed (nor reported missing) yet."
    )
    status: NeedStatusEnum  # type: ignore[valid-type]
    urgency: UrgencyEnum  # type: ignore[valid-type]
    needed_by: datetime
    description: str | None
    required_skills: list[SkillEnum]  # type: ignore[valid-type]
    external_id: str | None = strawberry.field(description="The id a partner synced it by.")
    created_at: datetime
    updated_at: datetime = strawberry.field(
        description="When it last changed: the order of `filter: {updatedSince}`."
    )
    escalated_at: datetime | None = strawberry.field(
        description="When its office handed it up to the office above."
    )

    escalated_to = loaders.related(
        OfficeType, "escalated_to_office_id", description="The office it was last escalated to."
    )

    @strawberry.field(description="Accepted units not yet delivered by their provider.")
    def quantity_in_flight(self, root: Need) -> int:
        return root.quantity_in_flight

    @strawberry.field(
        description="quantity − confirmed delivered − in flight, in the category's unit; "
        "0 for a CANCELLED need. Every report uses this figure."
    )
    def shortfall(self, root: Need) -> int:
        return root.shortfall

    @strawberry.field(description="Units not yet allocated or proposed.")
    def quantity_open(self, root: Need) -> int:
        return max(root.quantity - root.quantity_allocated - root.quantity_proposed, 0)

    @strawberry.field(
        description="Why the need is still short: the last matching round's reasons for "
        "what no round could place (AWAITING_MATCHING before one has), then units proposed "
        "and awaiting the provider's answer, and units delivered and awaiting receipt; empty "
        "when it is not short. Messages in `language`, else the viewer's own (English for "
        "anonymous viewers)."
    )
    async def shortfall_reasons(
        self,
        root: Need,
        info: Info,
        language: LocaleEnum | None = None,  # type: ignore[valid-type]
    ) -> list[ShortfallReason]:
        reasons = standing_reasons(root)
        if not reasons:
            return []
        locale = language.value if language is not None else await viewer_locale(info)
        return [
            ShortfallReason(
                code=ShortfallCode(reason["code"]),
                message=explanations.shortfall_message(reason, locale),
                offers=int(reason.get("offers") or 0),
                distance_km=reason.get("distance_km"),
            )
            for reason in reasons
        ]

    @strawberry.field(description="When the last matching round judged the need's shortfall.")
    def shortfall_reasons_at(self, root: Need) -> datetime | None:
        return root.shortfall_reasons_at

    @strawberry.field
    async def category(self, root: Need, info: Info) -> CategoryType:
        return await category_of(info, root.category_code)

    @strawberry.field
    def region(self, root: Need) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field(
        description="The point, where the office gave one. When the need names special "
        "groups, only ADMIN, the office of its county (and its hotline operators) and "
        "verified providers read it (a partner token only with the PERSONAL_DATA scope); "
        "everyone else reads its county (`region`) only."
    )
    async def location(self, root: Need, info: Info) -> GeoPoint | None:
        if root.latitude is None or root.longitude is None:
            return None
        principal = info.context.principal
        asks = root.special_groups and not (principal.is_admin or principal.is_anonymous)
        if not policy.may_see_exact_location(
            principal,
            special_groups=root.special_groups,
            region_code=root.region_code,
            verified_provider=bool(asks) and await verified_provider(info.context),
        ):
            return None
        return GeoPoint(latitude=root.latitude, longitude=root.longitude)

    @strawberry.field
    def beneficiaries(self, root: Need) -> Beneficiaries:
        return Beneficiaries(
            count=root.beneficiary_count,
            special_groups=[SpecialGroup(g) for g in root.special_groups],
        )

    @strawberry.field
    def incident_id(self, root: Need) -> strawberry.ID:
        return strawberry.ID(to_global_id("Incident", root.incident_id))

    @strawberry.field
    async def allocations(
        self, root: Need, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AllocationType]:
        rows = await _allocations_by_need(info.context).load(root.id)
        return connection_from_rows(rows, first=first, after=after)


def _allocations_by_need(ctx: Context) -> DataLoader[uuid.UUID, list[Allocation]]:
    return loaders.grouped(ctx, "allocations_by_need", Allocation, Allocation.need_id)


async def verified_provider(ctx: Context) -> bool:
    """The viewer acts for a provider the office verified (domain/registry/standing.py),
    through the request's loaders: a list of needs looks it up once."""
    principal = ctx.principal
    if principal.organization_id is None and principal.volunteer_id is None:
        return False
    organization = (
        await loaders.organization(ctx, principal.organization_id)
        if principal.organization_id
        else None
    )
    volunteer = (
        await loaders.loader(ctx, Volunteer).load(principal.volunteer_id)
        if principal.volunteer_id
        else None
    )
    serves_with = (
        await loaders.loader(ctx, Organization).load(volunteer.organization_id)
        if volunteer is not None and volunteer.organization_id is not None
        else None
    )
    return is_verified_provider(organization, volunteer, serves_with)


# The look-ahead of a page of needs (api/kernel/lookahead.py): what it loads for a whole
# level, and how each field then reads it.
preloads(Need, "category")(preload_categories)
reads_ahead(NeedType, "category")(category_read_ahead)
reads_ahead(NeedType, "region")(lambda root, _ctx, _args: RegionType.by_code(root.region_code))


@preloads(Need, "allocations", child=Allocation, connection=True)
async def _allocations_ahead(ctx: Context, needs: Sequence[Need]) -> list[Allocation]:
    groups = await _allocations_by_need(ctx).load_many([need.id for need in needs])
    return [row for group in groups for row in group]


@reads_ahead(NeedType, "allocations")
def _allocations_read(root: Need, ctx: Context, args: dict[str, Any]) -> Any:
    rows = loaders.peek_loader(ctx, "allocations_by_need", root.id)
    if rows is MISS:
        return MISS
    return connection_from_rows(rows, first=args.get("first"), after=args.get("after"))
