"""The `registerPerson` mutation: its input, its payload and its resolver, which hands the
use case the box that seals ID numbers and phones."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.people.errors import PersonError
from api.people.types import PersonType
from domain.people import services as people
from domain.people.model import Person


@strawberry.input
class PersonFieldsInput:
    category: str | None = strawberry.field(
        default=None,
        description="SCATTERED_DESTITUTE, SCATTERED_ORPHAN, LEFT_BEHIND_ELDERLY, "
        "LEFT_BEHIND_CHILD, CHILD_IN_DIFFICULTY, DISABLED, or a code of the office's own.",
    )
    name: str | None = None
    id_number: str | None = strawberry.field(
        default=None, description="Resident identity card number (GB 11643), check digit verified."
    )
    phone: str | None = None
    address: str | None = None
    guardian_name: str | None = strawberry.field(default=None, description="Guardian or contact.")
    guardian_phone: str | None = None
    notes: str | None = strawberry.field(default=None, description="Household notes.")

    def fields(self) -> people.PersonFields:
        return people.PersonFields(
            category=self.category,
            name=self.name,
            id_number=self.id_number,
            phone=self.phone,
            address=self.address,
            guardian_name=self.guardian_name,
            guardian_phone=self.guardian_phone,
            notes=self.notes,
        )


@strawberry.input
class RegisterPersonInput(PersonFieldsInput):
    region_code: str = strawberry.field(description="The county the person lives in.")


@strawberry.type
class RegisterPersonPayload:
    person: PersonType | None
    user_errors: list[PersonError]


@strawberry.type
class RegisterPerson:
    @strawberry.mutation(
        description="The office of jurisdiction registers a person of a special group."
    )
    async def register_person(
        self, info: Info, input: RegisterPersonInput
    ) -> RegisterPersonPayload:
        box = info.context.box
        assert box is not None

        async def use_case(session: AsyncSession) -> Person:
            command = people.RegisterPerson(region_code=input.region_code, fields=input.fields())
            return await people.register_person(session, info.context.principal, command, box=box)

        person, errors = await run_use_case(info, use_case)
        return payload_of(RegisterPersonPayload, errors, person=person)
