"""The offers list."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.errors import refusals_as_graphql_errors
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection, asks_for_total, connection_of
from api.offers.filters import OfferFilter, offers_query
from api.offers.types import OfferType
from domain.kernel.pagination import paginate
from domain.offers.model import Offer


@strawberry.type
class OfferQueries:
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


register("Offer", public_resolver(Offer, OfferType.of))
