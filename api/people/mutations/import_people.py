"""The `importPeople` mutation: a register file, all rows or none."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.people.errors import PersonError
from api.people.types import PersonType
from domain.people import imports
from domain.people.model import Person


@strawberry.input
class ImportPeopleInput:
    file_name: str = strawberry.field(description="Its extension decides: .csv or .xlsx.")
    content_base64: str = strawberry.field(
        description="The file's bytes, base64; 2 MiB at most. CSV in UTF-8 or GB18030; "
        "headers in Chinese (姓名, 身份证号, 类别, 区划代码…) or as the input's field names."
    )


@strawberry.type
class ImportPeoplePayload:
    people: list[PersonType] | None
    user_errors: list[PersonError]


@strawberry.type
class ImportPeople:
    @strawberry.mutation(
        description="The office registers many persons from the CSV or XLSX file it keeps."
    )
    async def import_people(self, info: Info, input: ImportPeopleInput) -> ImportPeoplePayload:
        box = info.context.box
        assert box is not None

        async def use_case(session: AsyncSession) -> list[Person]:
            command = imports.ImportPeople(
                file_name=input.file_name, content_base64=input.content_base64
            )
            return await imports.import_people(session, info.context.principal, command, box=box)

        registered, errors = await run_use_case(info, use_case)
        return payload_of(ImportPeoplePayload, errors, people=registered)
