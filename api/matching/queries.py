"""Allocations and matching rounds the viewer may see."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import expect_id
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection, connection_of
from api.matching.types import AllocationStatusEnum, AllocationType, MatchingRoundType
from domain.kernel.pagination import paginate
from domain.matching import allocations
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need


@strawberry.input
class AllocationFilter:
    status: AllocationStatusEnum | None = None  # type: ignore[valid-type]
    incident_id: strawberry.ID | None = None
    offer_id: strawberry.ID | None = None
    need_id: strawberry.ID | None = None


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
        with refusals_as_graphql_errors():
            stmt = allocations.visible_allocations(info.context.principal)
            if filter and filter.status:
                stmt = stmt.where(Allocation.status == filter.status)
            if filter and filter.incident_id:
                incident = expect_id(filter.incident_id, "Incident", "incidentId")
                stmt = stmt.where(Need.incident_id == incident)
            if filter and filter.offer_id:
                stmt = stmt.where(
                    Allocation.offer_id == expect_id(filter.offer_id, "Offer", "offerId")
                )
            if filter and filter.need_id:
                stmt = stmt.where(Allocation.need_id == expect_id(filter.need_id, "Need", "needId"))
            async with info.context.reading() as session:
                page = await paginate(session, Allocation, stmt, first=first, after=after)
        return connection_of(page, AllocationType.of, after=after)

    @strawberry.field(description="An incident's matching rounds, oldest first.")
    async def matching_rounds(
        self,
        info: Info,
        incident_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[MatchingRoundType]:
        with refusals_as_graphql_errors():
            ident = expect_id(incident_id, "Incident", "incidentId")
            stmt = select(MatchingRound).where(MatchingRound.incident_id == ident)
            async with info.context.reading() as session:
                page = await paginate(session, MatchingRound, stmt, first=first, after=after)
        return connection_of(page, MatchingRoundType.of, after=after)


register("Allocation", public_resolver(Allocation, AllocationType.of))
register("MatchingRound", public_resolver(MatchingRound, MatchingRoundType.of))
