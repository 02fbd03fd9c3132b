"""The offers list."""

from __future__ import annotations

import strawberry

from api.kernel.connections import connection_field
from api.kernel.nodes import register
from api.offers.filters import OfferFilter
from api.offers.types import OfferType


@strawberry.type
class OfferQueries:
    # Offers are public capacity; who the volunteer behind one is stays protected.
    offers = connection_field(
        OfferType,
        filter=OfferFilter,
        description="filter: incidentId, status, categoryCode, organizationId.",
    )


register(OfferType)
