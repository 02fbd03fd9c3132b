"""The `escalateNeed` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.use_cases import mutate
from api.needs.inputs import NeedPayload
from domain.needs import deadlines
from domain.needs.model import Need


@strawberry.type
class EscalateNeedPayload(NeedPayload):
    pass


@strawberry.input
class EscalateNeedInput:
    need_id: strawberry.ID
    note: str | None = strawberry.field(default=None, description="For the office above.")


@strawberry.type
class EscalateNeed:
    @strawberry.mutation(
        description="The office hands a need still short to the office above it, which "
        "is told and sees it among its escalated needs."
    )
    async def escalate_need(self, info: Info, input: EscalateNeedInput) -> EscalateNeedPayload:
        async def use_case(session: AsyncSession) -> Need:
            command = deadlines.EscalateNeed(
                need_id=expect_id(input.need_id, "Need", "needId"), note=input.note
            )
            return await deadlines.escalate_need(session, info.context.principal, command)

        return await mutate(info, EscalateNeedPayload, use_case, "need")
