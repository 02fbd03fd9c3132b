"""Matching rounds and the provider's answer to a proposal."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id
from api.mutations.base import run_use_case
from api.types.common import UserErrorType
from api.types.incidents import DispatchType
from api.types.relief import AllocationType, MatchingRoundType
from domain.dispatch.model import Dispatch
from domain.matching import allocations, rounds
from domain.matching.records import Allocation, MatchingRound


@strawberry.input
class RunMatchingInput:
    incident_id: strawberry.ID


@strawberry.type
class RunMatchingPayload:
    round: MatchingRoundType | None
    user_errors: list[UserErrorType]


@strawberry.input
class AcceptAllocationInput:
    allocation_id: strawberry.ID


@strawberry.type
class AcceptAllocationPayload:
    allocation: AllocationType | None
    dispatch: DispatchType | None
    user_errors: list[UserErrorType]


@strawberry.input
class DeclineAllocationInput:
    allocation_id: strawberry.ID
    reason: str | None = None


@strawberry.type
class DeclineAllocationPayload:
    allocation: AllocationType | None
    user_errors: list[UserErrorType]


@strawberry.type
class MatchingMutations:
    @strawberry.mutation(description="Office staff start a round; it runs in the background.")
    async def run_matching(self, info: Info, input: RunMatchingInput) -> RunMatchingPayload:
        async def use_case(session: AsyncSession) -> MatchingRound:
            ident = expect_id(input.incident_id, "Incident", "incidentId")
            return await rounds.run_matching(session, info.context.principal, ident)

        row, errors = await run_use_case(info, use_case)
        return RunMatchingPayload(
            round=MatchingRoundType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="The offering provider accepts: a dispatch is issued.")
    async def accept_allocation(
        self, info: Info, input: AcceptAllocationInput
    ) -> AcceptAllocationPayload:
        async def use_case(session: AsyncSession) -> tuple[Allocation, Dispatch]:
            ident = expect_id(input.allocation_id, "Allocation", "allocationId")
            return await allocations.accept_allocation(session, info.context.principal, ident)

        result, errors = await run_use_case(info, use_case)
        return AcceptAllocationPayload(
            allocation=AllocationType.of(result[0]) if result else None,
            dispatch=DispatchType.of(result[1]) if result else None,
            user_errors=errors,
        )

    @strawberry.mutation
    async def decline_allocation(
        self, info: Info, input: DeclineAllocationInput
    ) -> DeclineAllocationPayload:
        async def use_case(session: AsyncSession) -> Allocation:
            ident = expect_id(input.allocation_id, "Allocation", "allocationId")
            return await allocations.decline_allocation(
                session, info.context.principal, ident, input.reason
            )

        row, errors = await run_use_case(info, use_case)
        return DeclineAllocationPayload(
            allocation=AllocationType.of(row) if row else None, user_errors=errors
        )
