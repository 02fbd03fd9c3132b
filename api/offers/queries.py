"""The offers list."""

from __future__ import annotations

import strawberry

from api.kernel.connections import connection_field
from api.kernel.nodes import node_resolver, register
from api.offers.filters import OFFER_RULES, OfferFilter
from api.offers.types import OfferType
from domain.offers.model import Offer


@strawberry.type
class OfferQueries:
    # Offers are public capacity; who the volunteer behind one is stays protected.
    offers = connection_field(
        OfferType,
        Offer,
        filter=OfferFilter,
        rules=OFFER_RULES,
        description="filter: incidentId, status, categoryCode, organizationId.",
    )


register("Offer", node_resolver(Offer, OfferType.of))
