"""The `revokeApiToken` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import ApiTokenType
from domain.registry import accounts


@strawberry.input
class RevokeApiTokenInput:
    api_token_id: strawberry.ID


@strawberry.type
class RevokeApiTokenPayload:
    api_token: ApiTokenType | None
    user_errors: list[AccountError]


@strawberry.type
class RevokeApiToken:
    revoke_api_token = mutation(
        RevokeApiTokenInput,
        RevokeApiTokenPayload,
        accounts.revoke_api_token,
        description="The token stops working at once.",
    )
