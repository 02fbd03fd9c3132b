"""The `syncNeeds` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.use_cases import run_use_case
from api.needs.errors import NeedError
from api.needs.inputs import NeedContentInput, need_fields
from api.needs.types import NeedType
from domain.needs import sync as need_sync


@strawberry.input(description="One need as the partner knows it, named by its own id.")
class SyncedNeedInput(NeedContentInput):
    external_id: str = strawberry.field(
        description="The partner's id of this need (100 characters at most); unique per "
        "incident and publishing office."
    )


@strawberry.input
class SyncNeedsInput:
    incident_id: strawberry.ID
    needs: list[SyncedNeedInput] = strawberry.field(
        description=f"At most {need_sync.MAX_NEEDS}; errors name `needs.<index>.<field>`."
    )


@strawberry.type
class SyncNeedsPayload:
    needs: list[NeedType] | None = strawberry.field(description="In the order sent.")
    created: int = strawberry.field(description="External ids seen for the first time.")
    updated: int = strawberry.field(description="Known ids whose need changed.")
    unchanged: int = strawberry.field(description="Known ids sent exactly as they are.")
    user_errors: list[NeedError]


@strawberry.type
class SyncNeeds:
    @strawberry.mutation(
        description="Create or update many needs by external id, all or none: "
        "syncing the same batch again changes nothing."
    )
    async def sync_needs(self, info: Info, input: SyncNeedsInput) -> SyncNeedsPayload:
        async def use_case(session: AsyncSession) -> need_sync.SyncResult:
            batch = [
                need_sync.SyncedNeed(
                    external_id=row.external_id,
                    region_code=row.region_code,
                    category_code=row.category_code,
                    fields=need_fields(row),
                )
                for row in input.needs
            ]
            command = need_sync.SyncNeeds(
                incident_id=expect_id(input.incident_id, "Incident", "incidentId"), batch=batch
            )
            return await need_sync.sync_needs(session, info.context.principal, command)

        result, errors = await run_use_case(info, use_case)
        if result is None:
            return SyncNeedsPayload(
                needs=None, created=0, updated=0, unchanged=0, user_errors=NeedError.all_of(errors)
            )
        return SyncNeedsPayload(
            needs=[NeedType.of(row) for row in result.needs],
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            user_errors=[],
        )
