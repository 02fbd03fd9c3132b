"""Incidents, which are public."""

from __future__ import annotations

import strawberry
from sqlalchemy import Select, select

from api.incidents.types import IncidentPhaseEnum, IncidentType
from api.kernel.connections import Asked, connection_field, equals
from api.kernel.context import Info
from api.kernel.nodes import node_resolver, register
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


async def _incidents(asked: Asked) -> Select[Incident]:
    stmt = select(Incident)
    if asked.filter and asked.filter.region_code:
        stmt = stmt.where(Incident.id.in_(await _touching(asked.info, asked.filter.region_code)))
    return stmt


@strawberry.type
class IncidentQueries:
    incidents = connection_field(
        IncidentType,
        Incident,
        scope=_incidents,
        filter=IncidentFilter,
        rules={"phase": equals(Incident.phase)},
        description="Incidents are public.",
    )


register("Incident", node_resolver(Incident, IncidentType.of))
