"""Incidents, which are public."""

from __future__ import annotations

import strawberry
from sqlalchemy import Select, select

from api.incidents.types import IncidentPhaseEnum, IncidentType
from api.kernel.connections import connection, equals
from api.kernel.context import Info
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection
from domain.incidents.model import Incident
from domain.kernel import regions
from domain.kernel.errors import DomainError, ErrorCode


@strawberry.input
class IncidentFilter:
    phase: IncidentPhaseEnum | None = None  # type: ignore[valid-type]
    region_code: str | None = strawberry.field(
        default=None, description="Incidents touching this region's subtree."
    )


async def _touching(info: Info, code: str) -> list[object]:
    """Incidents whose regions lie in, or contain, the subtree of `code`."""
    if regions.get(code) is None:
        raise DomainError.single("regionCode", ErrorCode.UNKNOWN_REGION, f"Unknown region {code}.")
    async with info.context.reading() as session:
        incidents = (await session.scalars(select(Incident))).all()
    # Region lists are short JSON arrays: match either direction of the tree.
    return [
        i.id
        for i in incidents
        if any(regions.covers(code, r) or regions.covers(r, code) for r in i.region_codes)
    ]


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
        async def scope() -> Select[Incident]:
            stmt = select(Incident)
            if filter and filter.region_code:
                stmt = stmt.where(Incident.id.in_(await _touching(info, filter.region_code)))
            return stmt

        return await connection(
            info,
            Incident,
            scope,
            first=first,
            after=after,
            filter=filter,
            rules={"phase": equals(Incident.phase)},
        )


register("Incident", public_resolver(Incident, IncidentType.of))
