"""The `createApiToken` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import ApiTokenType, ScopeEnum
from domain.registry import accounts


@strawberry.input
class CreateApiTokenInput:
    name: str
    scopes: list[ScopeEnum]  # type: ignore[valid-type]


@strawberry.type
class CreateApiTokenPayload:
    token: str | None = strawberry.field(description="The secret, shown this once.")
    api_token: ApiTokenType | None
    user_errors: list[AccountError]


def issued(token: accounts.IssuedToken) -> dict[str, object]:
    return {"token": token.token, "api_token": token.record}


@strawberry.type
class CreateApiToken:
    create_api_token = mutation(
        CreateApiTokenInput,
        CreateApiTokenPayload,
        accounts.create_api_token,
        answer=issued,
        description="A named partner token, narrowed to its scopes.",
    )
