"""The `createAccount` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import optional_id
from api.kernel.mutations import mutate
from api.registry.errors import AccountError
from api.registry.types import (
    AccountType,
    RoleEnum,
)
from domain.registry import accounts
from domain.registry.model import Account


@strawberry.input
class CreateAccountInput:
    email: str
    password: str
    role: RoleEnum  # type: ignore[valid-type]
    office_id: strawberry.ID | None = None
    display_name: str | None = None


@strawberry.type
class CreateAccountPayload:
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class CreateAccount:
    @strawberry.mutation(description="ADMIN, or an OFFICE_ADMIN for its own office.")
    async def create_account(self, info: Info, input: CreateAccountInput) -> CreateAccountPayload:
        async def use_case(session: AsyncSession) -> Account:
            command = accounts.CreateAccount(
                email=input.email,
                password=input.password,
                role=input.role,
                office_id=optional_id(input.office_id, "Office", "officeId"),
                display_name=input.display_name,
            )
            return await accounts.create_account(session, info.context.principal, command)

        return await mutate(info, CreateAccountPayload, use_case, "account")
