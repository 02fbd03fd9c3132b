"""The `createApiToken` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.use_cases import run_use_case
from api.registry.errors import AccountError
from api.registry.types import (
    ApiTokenType,
    ScopeEnum,
)
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


@strawberry.type
class CreateApiToken:
    @strawberry.mutation(description="A named partner token, narrowed to its scopes.")
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        issued, errors = await run_use_case(
            info,
            lambda s: accounts.create_api_token(
                s,
                info.context.principal,
                accounts.CreateApiToken(name=input.name, scopes=list(input.scopes)),
            ),
        )
        if issued is None:
            return CreateApiTokenPayload(
                token=None, api_token=None, user_errors=AccountError.all_of(errors)
            )
        return CreateApiTokenPayload(
            token=issued.token, api_token=ApiTokenType.of(issued.record), user_errors=[]
        )
