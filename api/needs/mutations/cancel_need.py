"""The `cancelNeed` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.needs.inputs import NeedPayload
from domain.needs import services as needs
from domain.needs.model import Need


@strawberry.type
class CancelNeedPayload(NeedPayload):
    pass


@strawberry.input
class CancelNeedInput:
    need_id: strawberry.ID
    reason: str | None = None


@strawberry.type
class CancelNeed:
    @strawberry.mutation(description="The publishing office cancels a need no longer wanted.")
    async def cancel_need(self, info: Info, input: CancelNeedInput) -> CancelNeedPayload:
        async def use_case(session: AsyncSession) -> Need:
            command = needs.CancelNeed(
                need_id=expect_id(input.need_id, "Need", "needId"), reason=input.reason
            )
            return await needs.cancel_need(session, info.context.principal, command)

        return await mutate(info, CancelNeedPayload, use_case, "need")
