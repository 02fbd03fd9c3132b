"""The needs list."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection, asks_for_total, connection_of
from api.needs.filters import NeedFilter, needs_query
from api.needs.types import NeedType
from domain.kernel.pagination import paginate
from domain.needs.model import Need


@strawberry.type
class NeedQueries:
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


register("Need", public_resolver(Need, NeedType.of))
