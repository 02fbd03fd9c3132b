"""The needs list."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from api.kernel.connections import connection
from api.kernel.context import Info
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection
from api.needs.filters import NEED_RULES, NeedFilter
from api.needs.types import NeedType
from domain.needs.model import Need


@strawberry.type
class NeedQueries:
    @strawberry.field(
        description="filter: incidentId, status, urgency, categoryCode, regionCode, escalated."
    )
    async def needs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: NeedFilter | None = None,
    ) -> Connection[NeedType]:
        # Needs are public: what disaster areas lack is what donors must see.
        return await connection(
            info,
            Need,
            lambda: select(Need),
            first=first,
            after=after,
            filter=filter,
            rules=NEED_RULES,
        )


register("Need", public_resolver(Need, NeedType.of))
