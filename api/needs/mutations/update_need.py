"""The `updateNeed` mutation: its input, its payload and its resolver."""

from __future__ import annotations

from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.needs.inputs import BeneficiariesInput, GeoPointInput, NeedPayload, need_fields
from api.needs.types import UrgencyEnum
from api.registry.types import SkillEnum
from domain.needs import services as needs
from domain.needs.model import Need


@strawberry.type
class UpdateNeedPayload(NeedPayload):
    pass


@strawberry.input
class UpdateNeedInput:
    need_id: strawberry.ID
    quantity: int | None = None
    urgency: UrgencyEnum | None = None  # type: ignore[valid-type]
    needed_by: datetime | None = None
    description: str | None = None
    location: GeoPointInput | None = None
    required_skills: list[SkillEnum] | None = None  # type: ignore[valid-type]
    beneficiaries: BeneficiariesInput | None = None


@strawberry.type
class UpdateNeed:
    @strawberry.mutation(description="The publishing office changes a need.")
    async def update_need(self, info: Info, input: UpdateNeedInput) -> UpdateNeedPayload:
        async def use_case(session: AsyncSession) -> Need:
            command = needs.UpdateNeed(
                need_id=expect_id(input.need_id, "Need", "needId"), fields=need_fields(input)
            )
            return await needs.update_need(session, info.context.principal, command)

        return await mutate(info, UpdateNeedPayload, use_case, "need")
