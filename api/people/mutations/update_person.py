"""The `updatePerson` mutation: the office of jurisdiction edits one person."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.people.errors import PersonError
from api.people.mutations.register_person import PersonFieldsInput
from api.people.types import PersonType
from domain.people import services as people
from domain.people.model import Person


@strawberry.input(description="Fields left out stay; an empty string clears an optional one.")
class UpdatePersonInput(PersonFieldsInput):
    person_id: strawberry.ID


@strawberry.type
class UpdatePersonPayload:
    person: PersonType | None
    user_errors: list[PersonError]


@strawberry.type
class UpdatePerson:
    @strawberry.mutation(description="The office of jurisdiction edits one person; audited.")
    async def update_person(self, info: Info, input: UpdatePersonInput) -> UpdatePersonPayload:
        box = info.context.box
        assert box is not None

        async def use_case(session: AsyncSession) -> Person:
            command = people.UpdatePerson(
                person_id=expect_id(input.person_id, "Person", "person_id"), fields=input.fields()
            )
            return await people.update_person(session, info.context.principal, command, box=box)

        person, errors = await run_use_case(info, use_case)
        return payload_of(UpdatePersonPayload, errors, person=person)
