"""A person of the register: seen only by the office of jurisdiction and the visitors
assigned; every read of who they are is audited."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.kernel import loaders
from api.kernel.context import Info
from api.kernel.types import Node, row_type
from api.people.access import assigned, audited
from api.registry.types import RegionType
from domain.kernel.secrets_box import SecretBox
from domain.people import access
from domain.people.model import Person
from domain.visits.model import Visit

if TYPE_CHECKING:
    from api.visits.types import VisitType


@row_type(Person, name="Person", description="A person of a special group an office looks after.")
class PersonType(Node):
    category: str = strawberry.field(
        description="SCATTERED_DESTITUTE, SCATTERED_ORPHAN, LEFT_BEHIND_ELDERLY, "
        "LEFT_BEHIND_CHILD, CHILD_IN_DIFFICULTY, DISABLED, or a code the office added."
    )
    priority: int = strawberry.field(description="The visit order: lower is visited first.")
    last_visited_at: datetime | None
    created_at: datetime

    @strawberry.field
    def region(self, root: Person) -> RegionType:
        return RegionType.by_code(root.region_code)

    @strawberry.field(description="Audited: each read records who looked at whom.")
    async def name(self, root: Person, info: Info) -> str:
        await audited(info.context, root)
        return root.name

    @strawberry.field(description="Masked (341***********002X); see idNumberInFull.")
    async def id_number(self, root: Person, info: Info) -> str:
        await audited(info.context, root)
        return root.id_number_masked

    @strawberry.field(description="In full for the office of jurisdiction only; audited.")
    async def id_number_in_full(self, root: Person, info: Info) -> str | None:
        await audited(info.context, root)
        if not access.is_jurisdiction(info.context.principal, root):
            return None
        return _box(info).decrypt(root.id_number_encrypted)

    @strawberry.field(description="Masked; see phoneInFull.")
    async def phone(self, root: Person, info: Info) -> str | None:
        await audited(info.context, root)
        return root.phone_masked

    @strawberry.field(
        description="In full for the office of jurisdiction and the visitors assigned."
    )
    async def phone_in_full(self, root: Person, info: Info) -> str | None:
        return await _phone(root, info, root.phone_encrypted)

    @strawberry.field
    async def address(self, root: Person, info: Info) -> str | None:
        await audited(info.context, root)
        return root.address

    @strawberry.field(description="The guardian or contact person.")
    async def guardian_name(self, root: Person, info: Info) -> str | None:
        await audited(info.context, root)
        return root.guardian_name

    @strawberry.field(description="Masked; see guardianPhoneInFull.")
    async def guardian_phone(self, root: Person, info: Info) -> str | None:
        await audited(info.context, root)
        return root.guardian_phone_masked

    @strawberry.field(
        description="In full for the office of jurisdiction and the visitors assigned."
    )
    async def guardian_phone_in_full(self, root: Person, info: Info) -> str | None:
        return await _phone(root, info, root.guardian_phone_encrypted)

    @strawberry.field(description="Household notes.")
    async def notes(self, root: Person, info: Info) -> str | None:
        await audited(info.context, root)
        return root.notes

    @strawberry.field(
        description="The person's history: every visit, oldest first, with what its "
        "findings became (needs, referrals)."
    )
    async def visits(
        self, root: Person, info: Info
    ) -> list[Annotated[VisitType, strawberry.lazy("api.visits.types")]]:
        rows: list[Any] = await loaders.grouped(
            info.context, "visits_by_person", Visit, Visit.person_id
        ).load(root.id)
        return rows


def _box(info: Info) -> SecretBox:
    box = info.context.box
    assert box is not None
    return box


async def _phone(root: Person, info: Info, sealed: str | None) -> str | None:
    await audited(info.context, root)
    if sealed is None:
        return None
    if not access.may_call(info.context.principal, root, await assigned(info.context)):
        return None
    return str(_box(info).decrypt(sealed))
