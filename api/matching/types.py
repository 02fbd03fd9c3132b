"""Allocations with their reasons, and the matching rounds that propose them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from api.kernel import loaders
from api.kernel.connections import connection_field
from api.kernel.context import Context, Info
from api.kernel.ids import to_global_id
from api.kernel.lookahead import preloads
from api.kernel.types import Node, row_type
from api.offers.types import OfferType
from api.registry.types import LocaleEnum
from api.server.execution import MISS, reads_ahead
from domain.kernel.enums import (
    AllocationSource,
    AllocationStatus,
    RoundStatus,
    RoundTrigger,
)
from domain.matching import explanations
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need
from domain.offers.model import Offer

if TYPE_CHECKING:
    from api.needs.types import NeedType


AllocationStatusEnum = strawberry.enum(AllocationStatus)


AllocationSourceEnum = strawberry.enum(AllocationSource)


RoundStatusEnum = strawberry.enum(RoundStatus, name="MatchingRoundStatus")


RoundTriggerEnum = strawberry.enum(RoundTrigger, name="MatchingRoundTrigger")


async def viewer_locale(info: Info) -> str:
    account_id = info.context.principal.account_id
    if account_id is None:
        return "en"
    account = await loaders.account(info.context, account_id)
    return account.locale.value if account else "en"


@row_type(
    Allocation, name="Allocation", description="A quantity of one offer assigned to one need."
)
class AllocationType(Node):
    quantity: int
    status: AllocationStatusEnum  # type: ignore[valid-type]
    source: AllocationSourceEnum  # type: ignore[valid-type]
    expires_at: datetime | None
    decided_at: datetime | None
    decline_reason: str | None = strawberry.field(description="Why the provider declined.")
    veto_reason: str | None = strawberry.field(description="Why the office vetoed it.")
    reconsidered_at: datetime | None = strawberry.field(
        description="When the provider took its decline back: rounds may propose the pair again."
    )
    created_at: datetime
    updated_at: datetime = strawberry.field(
        description="When it last changed: the order of `filter: {updatedSince}`."
    )

    @strawberry.field(
        description="Why this offer went to this need, in one sentence; in "
        "`language`, else the viewer's own (English for anonymous viewers)."
    )
    async def explanation(
        self,
        root: Allocation,
        info: Info,
        language: LocaleEnum | None = None,  # type: ignore[valid-type]
    ) -> str:
        locale = language.value if language is not None else await viewer_locale(info)
        return explanations.summary(root.explanation, locale)

    @strawberry.field(description="The reasons in detail: tiers, urgency, distance, time fit.")
    def reasons(self, root: Allocation) -> JSON:
        return cast(JSON, root.explanation)

    @strawberry.field
    async def need(
        self, root: Allocation, info: Info
    ) -> Annotated[NeedType, strawberry.lazy("api.needs.types")]:
        # A need lists its allocations: this side of the pair is loaded when first resolved.
        row = await loaders.loader(info.context, Need).load(root.need_id)
        assert row is not None
        from api.needs.types import NeedType

        return NeedType.of(row)

    @strawberry.field
    async def offer(self, root: Allocation, info: Info) -> OfferType:
        row = await loaders.loader(info.context, Offer).load(root.offer_id)
        assert row is not None
        return OfferType.of(row)

    @strawberry.field
    def round_id(self, root: Allocation) -> strawberry.ID | None:
        if root.round_id is None:
            return None
        return strawberry.ID(to_global_id("MatchingRound", root.round_id))


@row_type(MatchingRound, name="MatchingRound", description="One run of the matching engine.")
class MatchingRoundType(Node):
    status: RoundStatusEnum  # type: ignore[valid-type]
    trigger: RoundTriggerEnum  # type: ignore[valid-type]
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    created_at: datetime

    @strawberry.field(description="Objective, pairs considered, proposals written, timings.")
    def stats(self, root: MatchingRound) -> JSON:
        return cast(JSON, root.stats)

    @strawberry.field
    def incident_id(self, root: MatchingRound) -> strawberry.ID:
        return strawberry.ID(to_global_id("Incident", root.incident_id))

    allocations = connection_field(
        AllocationType,
        of_parent=lambda run: select(Allocation).where(Allocation.round_id == run.id),
    )


# The look-ahead below a page of allocations (api/kernel/lookahead.py).
@preloads(Allocation, "offer", child=Offer)
async def _offers_ahead(ctx: Context, allocations: Sequence[Allocation]) -> list[Offer]:
    rows = await loaders.loader(ctx, Offer).load_many([row.offer_id for row in allocations])
    return [row for row in rows if row is not None]


@preloads(Allocation, "need", child=Need)
async def _needs_ahead(ctx: Context, allocations: Sequence[Allocation]) -> list[Need]:
    rows = await loaders.loader(ctx, Need).load_many([row.need_id for row in allocations])
    return [row for row in rows if row is not None]


@reads_ahead(AllocationType, "offer")
def _offer_read(root: Allocation, ctx: Context, _args: dict[str, Any]) -> Any:
    row = loaders.peek_loader(ctx, Offer.__name__, root.offer_id)
    return MISS if row is None else row


@reads_ahead(AllocationType, "need")
def _need_read(root: Allocation, ctx: Context, _args: dict[str, Any]) -> Any:
    row = loaders.peek_loader(ctx, Need.__name__, root.need_id)
    return MISS if row is None else row
