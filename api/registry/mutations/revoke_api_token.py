"""The `revokeApiToken` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.registry.errors import AccountError
from api.registry.types import (
    ApiTokenType,
)
from domain.registry import accounts
from domain.registry.model import ApiToken


@strawberry.input
class RevokeApiTokenInput:
    api_token_id: strawberry.ID


@strawberry.type
class RevokeApiTokenPayload:
    api_token: ApiTokenType | None
    user_errors: list[AccountError]


@strawberry.type
class RevokeApiToken:
    @strawberry.mutation(description="The token stops working at once.")
    async def revoke_api_token(
        self, info: Info, input: RevokeApiTokenInput
    ) -> RevokeApiTokenPayload:
        async def use_case(session: AsyncSession) -> ApiToken:
            command = accounts.RevokeApiToken(
                api_token_id=expect_id(input.api_token_id, "ApiToken", "apiTokenId")
            )
            return await accounts.revoke_api_token(session, info.context.principal, command)

        return await mutate(info, RevokeApiTokenPayload, use_case, "api_token")
