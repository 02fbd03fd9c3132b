"""Queries of relief work: incidents, needs, offers, rounds; and their node types."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import strawberry
from sqlalchemy import select

from api.context import Context, Info
from api.errors import refusals_as_graphql_errors
from api.filters import NeedFilter, OfferFilter, needs_query, offers_query
from api.ids import expect_id
from api.nodes import Resolver, register
from api.types.common import Connection, Node, asks_for_total, connection_of
from api.types.incidents import DispatchType, IncidentPhaseEnum, IncidentType
from api.types.relief import (
    AllocationStatusEnum,
    AllocationType,
    MatchingRoundType,
    NeedType,
    OfferType,
)
from domain.dispatch.model import Dispatch
from domain.dispatch.services import visible_dispatches
from domain.incidents.model import Incident
from domain.kernel import regions
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import paginate
from domain.matching import allocations
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need
from domain.offers.model import Offer


@strawberry.input
class IncidentFilter:
    phase: IncidentPhaseEnum | None = None  # type: ignore[valid-type]
    region_code: str | None = strawberry.field(
        default=None, description="Incidents touching this region's subtree."
    )


@strawberry.input
class AllocationFilter:
    status: AllocationStatusEnum | None = None  # type: ignore[valid-type]
    incident_id: strawberry.ID | None = None
    offer_id: strawberry.ID | None = None
    need_id: strawberry.ID | None = None


async def _all_incidents(info: Info) -> list[Incident]:
    # Root resolvers get no `self` (strawberry passes the root value, None): a function.
    async with info.context.reading() as session:
        return list((await session.scalars(select(Incident))).all())


@strawberry.type
class ReliefQueries:
    @strawberry.field(description="Incidents are public.")
    async def incidents(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: IncidentFilter | None = None,
    ) -> Connection[IncidentType]:
        stmt = select(Incident)
        if filter and filter.phase:
            stmt = stmt.where(Incident.phase == filter.phase)
        with refusals_as_graphql_errors():
            if filter and filter.region_code:
                code = filter.region_code
                if regions.get(code) is None:
                    raise DomainError.single(
                        "regionCode", ErrorCode.UNKNOWN_REGION, f"Unknown region {code}."
                    )
                # Region lists are short JSON arrays: match either direction of the tree.
                touching = [
                    i.id
                    for i in await _all_incidents(info)
                    if any(
                        regions.covers(code, r) or regions.covers(r, code) for r in i.region_codes
                    )
                ]
                stmt = stmt.where(Incident.id.in_(touching))
            async with info.context.reading() as session:
                page = await paginate(session, Incident, stmt, first=first, after=after)
        return connection_of(page, IncidentType.of, after=after)

    @strawberry.field(description="filter: incidentId, status, urgency, categoryCode, regionCode.")
    async def needs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: NeedFilter | None = None,
    ) -> Connection[NeedType]:
        with refusals_as_graphql_errors():
            stmt = needs_query(filter)
            count = asks_for_total(info)
            async with info.context.reading() as session:
                page = await paginate(session, Need, stmt, first=first, after=after, count=count)
        return connection_of(page, NeedType.of, after=after)

    @strawberry.field(description="filter: incidentId, status, categoryCode, organizationId.")
    async def offers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: OfferFilter | None = None,
    ) -> Connection[OfferType]:
        with refusals_as_graphql_errors():
            stmt = offers_query(filter)
            count = asks_for_total(info)
            async with info.context.reading() as session:
                page = await paginate(session, Offer, stmt, first=first, after=after, count=count)
        return connection_of(page, OfferType.of, after=after)

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


def _public(model: type[Any], wrap: Callable[[Any], Node]) -> Resolver:
    """node(id) for a type anyone may read by its id."""

    async def resolve(ctx: Context, ident: uuid.UUID) -> Node | None:
        async with ctx.reading() as session:
            row = await session.get(model, ident)
        return wrap(row) if row is not None else None

    return resolve


async def _dispatch(ctx: Context, ident: uuid.UUID) -> Node | None:
    async with ctx.reading() as session:
        row = await session.scalar(visible_dispatches(ctx.principal).where(Dispatch.id == ident))
    return DispatchType.of(row) if row else None


for _name, _resolver in (
    ("Incident", _public(Incident, IncidentType.of)),
    ("Need", _public(Need, NeedType.of)),
    ("Offer", _public(Offer, OfferType.of)),
    ("Allocation", _public(Allocation, AllocationType.of)),
    ("MatchingRound", _public(MatchingRound, MatchingRoundType.of)),
    ("Dispatch", _dispatch),
):
    register(_name, _resolver)
