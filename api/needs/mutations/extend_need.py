"""The `extendNeed` mutation: its input, its payload and its resolver."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.use_cases import mutate
from api.needs.inputs import NeedPayload
from domain.needs import deadlines
from domain.needs.model import Need


@strawberry.type
class ExtendNeedPayload(NeedPayload):
    pass


@strawberry.input
class ExtendNeedInput:
    need_id: strawberry.ID
    needed_by: datetime = strawberry.field(description="Later than now and than the present one.")


@strawberry.type
class ExtendNeed:
    @strawberry.mutation(
        description="The office gives a need more time; an OVERDUE need goes back to matching."
    )
    async def extend_need(self, info: Info, input: ExtendNeedInput) -> ExtendNeedPayload:
        async def use_case(session: AsyncSession) -> Need:
            command = deadlines.ExtendNeed(
                need_id=expect_id(input.need_id, "Need", "needId"), needed_by=input.needed_by
            )
            return await deadlines.extend_need(session, info.context.principal, command)

        return await mutate(info, ExtendNeedPayload, use_case, "need")
