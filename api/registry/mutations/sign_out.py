"""The `signOut` mutation: its payload and its resolver, which also
ends the portal's session cookie."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.registry.errors import AccountError
from api.server.session import cookie_token, end_session
from domain.registry import accounts


@strawberry.type
class SignOutPayload:
    ok: bool
    user_errors: list[AccountError]


@strawberry.type
class SignOut:
    @strawberry.mutation(description="Revoke the token this request carries.")
    async def sign_out(self, info: Info) -> SignOutPayload:
        _, errors = await run_use_case(info, lambda s: accounts.sign_out(s, info.context.principal))
        if cookie_token(info.context.request) is not None:
            end_session(info.context.request, info.context.response)
        return payload_of(SignOutPayload, errors, ok=not errors)
