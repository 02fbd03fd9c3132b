"""The `signIn` mutation: its input, its payload and its resolver, which
may keep the token in the portal's session cookie instead of answering it."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.registry.errors import AccountError
from api.registry.types import AccountType
from api.server.session import CSRF_HEADER, csrf_ok, start_session
from domain.kernel.errors import ErrorCode, UserError
from domain.registry import accounts


@strawberry.input
class SignInInput:
    email: str
    password: str
    cookie: bool = strawberry.field(
        default=False,
        description="The portal: keep the token in an HttpOnly session cookie (send the "
        "rh_csrf cookie's value as X-CSRF-Token) instead of returning it.",
    )


@strawberry.type
class SignInPayload:
    token: str | None
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class SignIn:
    @strawberry.mutation(description="Email and password for a bearer token.")
    async def sign_in(self, info: Info, input: SignInInput) -> SignInPayload:
        request, response = info.context.request, info.context.response
        if input.cookie and not csrf_ok(request, request.headers.get(CSRF_HEADER)):
            refusal = UserError(
                ("cookie",), "Echo the rh_csrf cookie as X-CSRF-Token.", ErrorCode.FORBIDDEN
            )
            return payload_of(SignInPayload, [refusal])
        issued, errors = await run_use_case(
            info, lambda s: accounts.sign_in(s, input.email, input.password)
        )
        if issued is None:
            return payload_of(SignInPayload, errors)
        if input.cookie:
            start_session(request, response, issued.token)
        return payload_of(
            SignInPayload,
            [],
            token=None if input.cookie else issued.token,
            account=AccountType.of(issued.account),
        )
