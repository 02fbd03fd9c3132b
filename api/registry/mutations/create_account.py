"""The `createAccount` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import AccountType, RoleEnum
from domain.registry import accounts


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
    create_account = mutation(
        CreateAccountInput,
        CreateAccountPayload,
        accounts.create_account,
        description="ADMIN, or an OFFICE_ADMIN for its own office.",
    )
