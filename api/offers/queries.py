"""The offers list."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from api.kernel.connections import connection
from api.kernel.context import Info
from api.kernel.nodes import public_resolver, register
from api.kernel.types import Connection
from api.offers.filters import OFFER_RULES, OfferFilter
from api.offers.types import OfferType
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
        # Offers are public capacity; who the volunteer behind one is stays protected.
        return await connection(
            info,
            Offer,
            lambda: select(Offer),
            first=first,
            after=after,
            filter=filter,
            rules=OFFER_RULES,
        )


register("Offer", public_resolver(Offer, OfferType.of))
