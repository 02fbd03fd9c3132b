"""Incidents, which are public."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from api.incidents.types import IncidentPhaseEnum, IncidentType
from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection, connection_of
from domain.incidents.model import Incident
from domain.kernel import regions
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.pagination import paginate


@strawberry.input
class IncidentFilter:
    phase: IncidentPhaseEnum | None = None  # type: ignore[valid-type]
    region_code: str | None = strawberry.field(
        default=None, description="Incidents touching this region's subtree."
    )


async def _all_incidents(info: Info) -> list[Incident]:
    # Root resolvers get no `self` (strawberry passes the root value, None): a function.
    async with info.context.reading() as session:
        return list((await session.scalars(select(Incident))).all())


@strawberry.type
class IncidentQueries:
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


register("Incident", public_resolver(Incident, IncidentType.of))
