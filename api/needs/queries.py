"""The needs list."""

from __future__ import annotations

import strawberry

from api.kernel.connections import connection_field
from api.kernel.nodes import register
from api.needs.filters import NeedFilter
from api.needs.types import NeedType


@strawberry.type
class NeedQueries:
    # Needs are public: what disaster areas lack is what donors must see.
    needs = connection_field(
        NeedType,
        filter=NeedFilter,
        description="filter: incidentId, status, urgency, categoryCode, regionCode, escalated.",
    )


register(NeedType)
