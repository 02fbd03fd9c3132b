"""The `assignOffer` mutation: its input, its payload and its resolver, written out
because the proposal's lifetime is the deployment's setting."""

from __future__ import annotations

from datetime import timedelta

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.matching.errors import AllocationError
from api.matching.types import AllocationType
from domain.matching import assign
from domain.matching.records import Allocation


@strawberry.input
class AssignOfferInput:
    offer_id: strawberry.ID
    need_id: strawberry.ID
    quantity: int


@strawberry.type
class AssignOfferPayload:
    allocation: AllocationType | None
    user_errors: list[AllocationError]


@strawberry.type
class AssignOffer:
    @strawberry.mutation(
        description="The office responsible for the need proposes an offer for it; the "
        "provider accepts or declines. Incompatible pairs are refused with the reason."
    )
    async def assign_offer(self, info: Info, input: AssignOfferInput) -> AssignOfferPayload:
        lifetime = timedelta(minutes=info.context.settings.proposal_lifetime_minutes)

        async def use_case(session: AsyncSession) -> Allocation:
            command = assign.AssignOffer(
                offer_id=expect_id(input.offer_id, "Offer", "offer_id"),
                need_id=expect_id(input.need_id, "Need", "need_id"),
                quantity=input.quantity,
            )
            return await assign.assign_offer(
                session, info.context.principal, command, lifetime=lifetime
            )

        result, errors = await run_use_case(info, use_case)
        return payload_of(AssignOfferPayload, errors, allocation=result)
