"""The `addOrganizationMember` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import OrganizationError
from api.registry.types import AccountType, RoleEnum
from domain.registry import organizations


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
    add_organization_member = mutation(
        AddOrganizationMemberInput,
        AddOrganizationMemberPayload,
        organizations.add_member,
        description="An organization's admin adds a member account.",
    )
