"""The `publishNeed` mutation: its input, its payload and its resolver, which
names the likely duplicate even when it refuses to publish."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.needs.errors import NeedError
from api.needs.inputs import NeedContentInput
from api.needs.types import NeedType
from domain.kernel.errors import ErrorCode
from domain.needs import services as needs
from domain.needs.model import Need


@strawberry.input
class PublishNeedInput(NeedContentInput):
    incident_id: strawberry.ID
    confirm_duplicate: bool = strawberry.field(
        default=False, description="Publish even though a likely duplicate exists."
    )


@strawberry.type
class PublishNeedPayload:
    need: NeedType | None
    duplicate_of: NeedType | None = strawberry.field(
        description="The active need of the same incident, region and category, if any."
    )
    user_errors: list[NeedError]


@strawberry.type
class PublishNeed:
    @strawberry.mutation(description="Office staff publish a need for a region of the incident.")
    async def publish_need(self, info: Info, input: PublishNeedInput) -> PublishNeedPayload:
        async def use_case(session: AsyncSession) -> tuple[Need, Need | None]:
            command = needs.PublishNeed(
                incident_id=expect_id(input.incident_id, "Incident", "incident_id"),
                region_code=input.region_code,
                category_code=input.category_code,
                fields=input.fields(),
                confirm_duplicate=input.confirm_duplicate,
            )
            return await needs.publish_need(session, info.context.principal, command)

        result, errors = await run_use_case(info, use_case)
        duplicate = None
        if errors and any(e.code is ErrorCode.DUPLICATE for e in errors):
            async with info.context.reading() as session:
                duplicate = await needs.find_duplicate(
                    session,
                    expect_id(input.incident_id, "Incident", "incident_id"),
                    input.region_code,
                    input.category_code,
                )
        elif result and result[1]:
            duplicate = result[1]
        return payload_of(
            PublishNeedPayload,
            errors,
            need=NeedType.of(result[0]) if result else None,
            duplicate_of=NeedType.of(duplicate) if duplicate else None,
        )
