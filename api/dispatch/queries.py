"""Dispatches the viewer may see."""

from __future__ import annotations

import uuid

import strawberry

from api.dispatch.types import DispatchStatusEnum, DispatchType
from api.kernel.context import Context, Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.ids import expect_id
from api.kernel.nodes import register
from api.kernel.types import Connection, Node, connection_of
from domain.dispatch.model import Dispatch
from domain.dispatch.services import visible_dispatches
from domain.kernel.pagination import paginate
from domain.needs.model import Need
from domain.offers.model import Offer


async def _dispatch(ctx: Context, ident: uuid.UUID) -> Node | None:
    async with ctx.reading() as session:
        row = await session.scalar(visible_dispatches(ctx.principal).where(Dispatch.id == ident))
    return DispatchType.of(row) if row else None


@strawberry.input
class DispatchFilter:
    incident_id: strawberry.ID | None = None
    status: DispatchStatusEnum | None = None  # type: ignore[valid-type]
    organization_id: strawberry.ID | None = None


@strawberry.type
class DispatchQueries:
    @strawberry.field(description="Offices see their jurisdiction's; providers their own.")
    async def dispatches(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: DispatchFilter | None = None,
    ) -> Connection[DispatchType]:
        with refusals_as_graphql_errors():
            stmt = visible_dispatches(info.context.principal)
            if filter and filter.incident_id:
                incident = expect_id(filter.incident_id, "Incident", "incidentId")
                stmt = stmt.where(Need.incident_id == incident)
            if filter and filter.status:
                stmt = stmt.where(Dispatch.status == filter.status)
            if filter and filter.organization_id:
                organization = expect_id(filter.organization_id, "Organization", "organizationId")
                stmt = stmt.where(Offer.organization_id == organization)
            async with info.context.reading() as session:
                page = await paginate(session, Dispatch, stmt, first=first, after=after)
        return connection_of(page, DispatchType.of, after=after)


register("Dispatch", _dispatch)
