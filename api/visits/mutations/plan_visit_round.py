"""The `planVisitRound` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.visits.errors import VisitError
from api.visits.types import VisitRoundType
from domain.visits import rounds


@strawberry.input
class PlanVisitRoundInput:
    incident_id: strawberry.ID
    within_hours: int | None = strawberry.field(
        default=None, description="Every person visited within this many hours; 72 if left out."
    )


@strawberry.type
class PlanVisitRoundPayload:
    visit_round: VisitRoundType | None
    user_errors: list[VisitError]


@strawberry.type
class PlanVisitRound:
    plan_visit_round = mutation(
        PlanVisitRoundInput,
        PlanVisitRoundPayload,
        rounds.plan_visit_round,
        description="The office plans a visit to every registered person of its part of the "
        "incident, most vulnerable first, assigned to CARE_VISITS providers or its staff.",
    )
