"""The `runMatching` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.matching.errors import AllocationError
from api.matching.types import MatchingRoundType
from domain.matching import rounds


@strawberry.input
class RunMatchingInput:
    incident_id: strawberry.ID


@strawberry.type
class RunMatchingPayload:
    round: MatchingRoundType | None
    user_errors: list[AllocationError]


@strawberry.type
class RunMatching:
    run_matching = mutation(
        RunMatchingInput,
        RunMatchingPayload,
        rounds.run_matching,
        description="Office staff start a round; it runs in the background.",
    )
