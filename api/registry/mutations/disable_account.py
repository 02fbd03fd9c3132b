"""The `disableAccount` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import AccountType
from domain.registry import staff


@strawberry.input
class DisableAccountInput:
    account_id: strawberry.ID


@strawberry.type
class DisableAccountPayload:
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class DisableAccount:
    disable_account = mutation(
        DisableAccountInput,
        DisableAccountPayload,
        staff.disable_account,
        description="ADMIN disables an account: its sessions, tokens and unused links stop "
        "working at once.",
    )
