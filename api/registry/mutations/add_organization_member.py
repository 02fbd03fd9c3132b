"""The `addOrganizationMember` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.registry.errors import OrganizationError
from api.registry.types import (
    AccountType,
    RoleEnum,
)
from domain.registry import organizations
from domain.registry.model import Account


@strawberry.input
class AddOrganizationMemberInput:
    organization_id: strawberry.ID
    email: str
    password: str
    role: RoleEnum  # type: ignore[valid-type]
    display_name: str | None = None


@strawberry.type
class AddOrganizationMemberPayload:
    account: AccountType | None
    user_errors: list[OrganizationError]


@strawberry.type
class AddOrganizationMember:
    @strawberry.mutation(description="An organization's admin adds a member account.")
    async def add_organization_member(
        self,
        info: Info,
        input: AddOrganizationMemberInput,
    ) -> AddOrganizationMemberPayload:
        async def use_case(session: AsyncSession) -> Account:
            command = organizations.AddMember(
                organization_id=expect_id(input.organization_id, "Organization", "organizationId"),
                email=input.email,
                password=input.password,
                role=input.role,
                display_name=input.display_name,
            )
            return await organizations.add_member(session, info.context.principal, command)

        return await mutate(info, AddOrganizationMemberPayload, use_case, "account")
