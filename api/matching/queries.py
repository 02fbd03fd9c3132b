"""Allocations and matching rounds the viewer may see."""

from __future__ import annotations

import strawberry

from api.kernel.connections import Rules, Shortcut, connection_field, equals, node_id
from api.kernel.nodes import node_resolver, register
from api.matching.types import (
    AllocationStatusEnum,
    AllocationType,
    MatchingRoundType,
    RoundStatusEnum,
)
from domain.matching import allocations
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need


@strawberry.input
class AllocationFilter:
    status: AllocationStatusEnum | None = None  # type: ignore[valid-type]
    incident_id: strawberry.ID | None = None
    offer_id: strawberry.ID | None = None
    need_id: strawberry.ID | None = None


@strawberry.input
class MatchingRoundFilter:
    incident_id: strawberry.ID | None = None
    status: RoundStatusEnum | None = None  # type: ignore[valid-type]


ROUND_RULES: Rules = {
    "incident_id": node_id(MatchingRound.incident_id, "Incident", "incidentId"),
    "status": equals(MatchingRound.status),
}

ALLOCATION_RULES: Rules = {
    "status": equals(Allocation.status),
    "incident_id": node_id(Need.incident_id, "Incident", "incidentId"),
    "offer_id": node_id(Allocation.offer_id, "Offer", "offerId"),
    "need_id": node_id(Allocation.need_id, "Need", "needId"),
}


@strawberry.type
class MatchingQueries:
    allocations = connection_field(
        AllocationType,
        Allocation,
        scope=lambda asked: allocations.visible_allocations(asked.principal),
        filter=AllocationFilter,
        rules=ALLOCATION_RULES,
        description="Allocations the viewer may see: a provider its own offers', "
        "an office those into its jurisdiction.",
    )

    matching_rounds = connection_field(
        MatchingRoundType,
        MatchingRound,
        filter=MatchingRoundFilter,
        rules=ROUND_RULES,
        shortcuts=[
            Shortcut("incident_id", strawberry.ID | None, None, "Use filter: {incidentId}.")
        ],
        description="Matching rounds, oldest first; filter: incidentId, status.",
    )


register("Allocation", node_resolver(Allocation, AllocationType.of))
register("MatchingRound", node_resolver(MatchingRound, MatchingRoundType.of))
