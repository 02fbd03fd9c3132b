"""The `importNeeds` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.use_cases import run_use_case
from api.needs.errors import NeedError
from api.needs.files import decode, parse_file
from api.needs.types import NeedType
from domain.needs import imports as need_import
from domain.needs.model import Need


@strawberry.input
class ImportNeedsInput:
    incident_id: strawberry.ID
    file_name: str = strawberry.field(description="Its extension decides: .csv or .xlsx.")
    content_base64: str = strawberry.field(description="The file's bytes, base64; 2 MiB at most.")


@strawberry.type
class ImportNeedsPayload:
    needs: list[NeedType] | None
    user_errors: list[NeedError]


@strawberry.type
class ImportNeeds:
    @strawberry.mutation(description="Office staff publish many needs from a CSV or XLSX file.")
    async def import_needs(self, info: Info, input: ImportNeedsInput) -> ImportNeedsPayload:
        async def use_case(session: AsyncSession) -> list[Need]:
            command = need_import.ImportNeeds(
                incident_id=expect_id(input.incident_id, "Incident", "incidentId"),
                rows=parse_file(input.file_name, decode(input.content_base64)),
            )
            return await need_import.import_needs(session, info.context.principal, command)

        published, errors = await run_use_case(info, use_case)
        return ImportNeedsPayload(
            needs=[NeedType.of(row) for row in published] if published is not None else None,
            user_errors=NeedError.all_of(errors),
        )
