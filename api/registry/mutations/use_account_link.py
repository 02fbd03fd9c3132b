"""The one-time link mutations anyone may send: `acceptInvitation`, `resetPassword`
(both sign the account in, as `signIn` does) and `requestPasswordReset`."""

from __future__ import annotations

import logging
from typing import TypeVar

import strawberry

from api.kernel.context import Info
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.registry.errors import AccountError
from api.registry.types import AccountType
from api.server.session import CSRF_HEADER, csrf_ok, start_session
from domain.kernel.enums import LinkPurpose
from domain.kernel.errors import ErrorCode, UserError
from domain.registry import accounts, links, staff

log = logging.getLogger(__name__)


@strawberry.input
class AcceptInvitationInput:
    token: str = strawberry.field(
        description="The token of the emailed link (after #/join/ or #/reset/)."
    )
    display_name: str
    password: str
    cookie: bool = strawberry.field(
        default=False, description="The portal: keep the session in a cookie, as signIn does."
    )


@strawberry.input
class ResetPasswordInput:
    token: str
    password: str
    cookie: bool = False


@strawberry.input
class RequestPasswordResetInput:
    email: str


@strawberry.type
class AcceptInvitationPayload:
    token: str | None
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class ResetPasswordPayload:
    token: str | None
    account: AccountType | None
    user_errors: list[AccountError]


Signed = TypeVar("Signed", AcceptInvitationPayload, ResetPasswordPayload)


@strawberry.type
class RequestPasswordResetPayload:
    ok: bool
    user_errors: list[AccountError]


async def _redeem(
    payload: type[Signed],
    info: Info,
    purpose: LinkPurpose,
    token: str,
    password: str,
    display_name: str | None,
    cookie: bool,
) -> Signed:
    request, response = info.context.request, info.context.response
    if cookie and not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        refusal = UserError(
            ("cookie",), "Echo the rh_csrf cookie as X-CSRF-Token.", ErrorCode.FORBIDDEN
        )
        return payload_of(payload, [refusal])

    async def use_case(session):  # type: ignore[no-untyped-def]
        account = await links.redeem(
            session, token, purpose, password=password, display_name=display_name
        )
        return await accounts.start_session(session, account)

    issued, errors = await run_use_case(info, use_case)
    if issued is None:
        return payload_of(payload, errors)
    if cookie:
        start_session(request, response, issued.token)
    return payload_of(
        payload,
        [],
        token=None if cookie else issued.token,
        account=AccountType.of(issued.account),
    )


@strawberry.type
class UseAccountLink:
    @strawberry.mutation(
        description="The invited person sets a name and password through the emailed link "
        "(once, within 72 h) and is signed in."
    )
    async def accept_invitation(
        self, info: Info, input: AcceptInvitationInput
    ) -> AcceptInvitationPayload:
        return await _redeem(
            AcceptInvitationPayload,
            info,
            LinkPurpose.INVITATION,
            input.token,
            input.password,
            input.display_name,
            input.cookie,
        )

    @strawberry.mutation(
        description="A new password through an emailed reset link (once, within 24 h); "
        "every earlier session ends, and this one begins."
    )
    async def reset_password(self, info: Info, input: ResetPasswordInput) -> ResetPasswordPayload:
        return await _redeem(
            ResetPasswordPayload,
            info,
            LinkPurpose.PASSWORD_RESET,
            input.token,
            input.password,
            None,
            input.cookie,
        )

    @strawberry.mutation(
        description="Anyone asks for a password-reset link for an email. The answer is the "
        "same whether or not the email has an account."
    )
    async def request_password_reset(
        self, info: Info, input: RequestPasswordResetInput
    ) -> RequestPasswordResetPayload:
        settings = info.context.settings
        link, errors = await run_use_case(
            info, lambda s: staff.request_password_reset(s, input.email, settings.portal_url)
        )
        if link and not settings.smtp_host:
            log.warning("no SMTP_HOST: the password-reset link asked for is %s", link)
        return payload_of(RequestPasswordResetPayload, errors, ok=not errors)
