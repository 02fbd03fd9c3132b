"""The `runMatching` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.matching.errors import AllocationError
from api.matching.types import MatchingRoundType
from domain.matching import rounds
from domain.matching.records import MatchingRound


@strawberry.input
class RunMatchingInput:
    incident_id: strawberry.ID


@strawberry.type
class RunMatchingPayload:
    round: MatchingRoundType | None
    user_errors: list[AllocationError]


@strawberry.type
class RunMatching:
    @strawberry.mutation(description="Office staff start a round; it runs in the background.")
    async def run_matching(self, info: Info, input: RunMatchingInput) -> RunMatchingPayload:
        async def use_case(session: AsyncSession) -> MatchingRound:
            command = rounds.RunMatching(
                incident_id=expect_id(input.incident_id, "Incident", "incidentId")
            )
            return await rounds.run_matching(session, info.context.principal, command)

        return await mutate(info, RunMatchingPayload, use_case, "round")
