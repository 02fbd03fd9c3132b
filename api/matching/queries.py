"""Allocations and matching rounds the viewer may see."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.connections import (
    Shortcut,
    connection_field,
    equals,
    narrows,
    node_id,
    updated_since,
)
from api.kernel.nodes import register
from api.matching.types import (
    AllocationStatusEnum,
    AllocationType,
    MatchingRoundType,
    RoundStatusEnum,
)
from domain.matching.records import Allocation, MatchingRound
from domain.matching.visibility import visible_allocations
from domain.needs.model import Need


@strawberry.input
class AllocationFilter:
    status: AllocationStatusEnum | None = narrows(equals(Allocation.status))  # type: ignore[valid-type]
    incident_id: strawberry.ID | None = narrows(node_id(Need.incident_id, "Incident", "incidentId"))
    offer_id: strawberry.ID | None = narrows(node_id(Allocation.offer_id, "Offer", "offerId"))
    need_id: strawberry.ID | None = narrows(node_id(Allocation.need_id, "Need", "needId"))
    updated_since: datetime | None = updated_since(Allocation)


@strawberry.input
class MatchingRoundFilter:
    incident_id: strawberry.ID | None = narrows(
        node_id(MatchingRound.incident_id, "Incident", "incidentId")
    )
    status: RoundStatusEnum | None = narrows(equals(MatchingRound.status))  # type: ignore[valid-type]


@strawberry.type
class MatchingQueries:
    allocations = connection_field(
        AllocationType,
        scope=visible_allocations,
        filter=AllocationFilter,
        description="Allocations the viewer may see: a provider its own offers', "
        "an office those into its jurisdiction.",
    )

    matching_rounds = connection_field(
        MatchingRoundType,
        filter=MatchingRoundFilter,
        shortcuts=[
            Shortcut("incident_id", strawberry.ID | None, None, "Use filter: {incidentId}.")
        ],
        description="Matching rounds, oldest first; filter: incidentId, status.",
    )


register(AllocationType)
register(MatchingRoundType)
