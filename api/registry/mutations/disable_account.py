"""The `disableAccount` and `enableAccount` mutations: their input, payload and use cases."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import AccountType
from domain.registry import staff


@strawberry.input
class AccountInput:
    account_id: strawberry.ID


@strawberry.type
class AccountPayload:
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class DisableAccount:
    disable_account = mutation(
        AccountInput,
        AccountPayload,
        staff.disable_account,
        description="ADMIN disables an account: its sessions, tokens and unused links stop "
        "working at once.",
    )
    enable_account = mutation(
        AccountInput,
        AccountPayload,
        staff.enable_account,
        description="ADMIN enables a disabled account; it signs in anew.",
    )
