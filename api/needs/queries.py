"""The needs list."""

from __future__ import annotations

import strawberry

from api.kernel.connections import connection_field
from api.kernel.nodes import node_resolver, register
from api.needs.filters import NEED_RULES, NeedFilter
from api.needs.types import NeedType
from domain.needs.model import Need


@strawberry.type
class NeedQueries:
    # Needs are public: what disaster areas lack is what donors must see.
    needs = connection_field(
        NeedType,
        Need,
        filter=NeedFilter,
        rules=NEED_RULES,
        description="filter: incidentId, status, urgency, categoryCode, regionCode.",
    )


register("Need", node_resolver(Need, NeedType.of))
