"""The `enableAccount` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import AccountType
from domain.registry import staff


@strawberry.input
class EnableAccountInput:
    account_id: strawberry.ID


@strawberry.type
class EnableAccountPayload:
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class EnableAccount:
    enable_account = mutation(
        EnableAccountInput,
        EnableAccountPayload,
        staff.enable_account,
        description="ADMIN enables a disabled account; it signs in anew.",
    )
