"""Allocations and matching rounds the viewer may see."""

from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import select

from api.kernel.connections import Rules, connection, equals, node_id
from api.kernel.context import Info
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection
from api.matching.types import (
    AllocationStatusEnum,
    AllocationType,
    MatchingRoundType,
    RoundStatusEnum,
)
from domain.matching import allocations
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need


@strawberry.input
class AllocationFilter:
    status: AllocationStatusEnum | None = None  # type: ignore[valid-type]
    incident_id: strawberry.ID | None = None
    offer_id: strawberry.ID | None = None
    need_id: strawberry.ID | None = None


@strawberry.input
class MatchingRoundFilter:
    incident_id: strawberry.ID | None = None
    status: RoundStatusEnum | None = None  # type: ignore[valid-type]


ROUND_RULES: Rules = {
    "incident_id": node_id(MatchingRound.incident_id, "Incident", "incidentId"),
    "status": equals(MatchingRound.status),
}

ALLOCATION_RULES: Rules = {
    "status": equals(Allocation.status),
    "incident_id": node_id(Need.incident_id, "Incident", "incidentId"),
    "offer_id": node_id(Allocation.offer_id, "Offer", "offerId"),
    "need_id": node_id(Allocation.need_id, "Need", "needId"),
}


@strawberry.type
class MatchingQueries:
    @strawberry.field(
        description="Allocations the viewer may see: a provider its own offers', "
        "an office those into its jurisdiction."
    )
    async def allocations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: AllocationFilter | None = None,
    ) -> Connection[AllocationType]:
        return await connection(
            info,
            Allocation,
            lambda: allocations.visible_allocations(info.context.principal),
            first=first,
            after=after,
            filter=filter,
            rules=ALLOCATION_RULES,
        )

    @strawberry.field(description="Matching rounds, oldest first; filter: incidentId, status.")
    async def matching_rounds(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: MatchingRoundFilter | None = None,
        incident_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(deprecation_reason="Use filter: {incidentId}."),
        ] = None,
    ) -> Connection[MatchingRoundType]:
        if incident_id is not None:
            filter = MatchingRoundFilter(
                incident_id=incident_id, status=filter.status if filter else None
            )
        return await connection(
            info,
            MatchingRound,
            lambda: select(MatchingRound),
            first=first,
            after=after,
            filter=filter,
            rules=ROUND_RULES,
        )


register("Allocation", public_resolver(Allocation, AllocationType.of))
register("MatchingRound", public_resolver(MatchingRound, MatchingRoundType.of))
