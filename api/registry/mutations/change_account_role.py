"""The `changeAccountRole` mutation: its input, its payload and its use case."""

from __future__ import annotations

from typing import Any

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import AccountType, RoleEnum
from domain.registry import roles


@strawberry.input
class ChangeAccountRoleInput:
    account_id: strawberry.ID
    role: RoleEnum  # type: ignore[valid-type]


@strawberry.type
class ChangeAccountRolePayload:
    account: AccountType | None
    tokens_revoked: int = strawberry.field(
        default=0,
        description="Sessions and partner tokens revoked: a role that widens what the "
        "account may do revokes them all (it signs in anew); a narrower one keeps them.",
    )
    user_errors: list[AccountError]


def _answer(changed: roles.RoleChanged) -> dict[str, Any]:
    return {"account": changed.account, "tokens_revoked": changed.tokens_revoked}


@strawberry.type
class ChangeAccountRole:
    change_account_role = mutation(
        ChangeAccountRoleInput,
        ChangeAccountRolePayload,
        roles.change_account_role,
        answer=_answer,
        description="ADMIN gives an account another role of its kind (office, "
        "organization); the last ADMIN who can sign in is never demoted.",
    )
