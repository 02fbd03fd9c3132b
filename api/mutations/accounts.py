"""Offices, staff accounts, sign-in and partner tokens."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id, optional_id
from api.mutations.base import run_use_case
from api.portal.session import CSRF_HEADER, cookie_token, csrf_ok, end_session, start_session
from api.types.common import UserErrorType
from api.types.registry import (
    AccountType,
    ApiTokenType,
    LocaleEnum,
    OfficeType,
    RoleEnum,
    ScopeEnum,
)
from domain.kernel.errors import ErrorCode, UserError
from domain.registry import accounts, offices
from domain.registry.model import Account, ApiToken


@strawberry.input
class CreateOfficeInput:
    name: str
    region_code: str


@strawberry.type
class CreateOfficePayload:
    office: OfficeType | None
    user_errors: list[UserErrorType]


@strawberry.input
class CreateAccountInput:
    email: str
    password: str
    role: RoleEnum  # type: ignore[valid-type]
    office_id: strawberry.ID | None = None
    display_name: str | None = None


@strawberry.type
class CreateAccountPayload:
    account: AccountType | None
    user_errors: list[UserErrorType]


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
    user_errors: list[UserErrorType]


@strawberry.type
class SignOutPayload:
    ok: bool
    user_errors: list[UserErrorType]


@strawberry.input
class CreateApiTokenInput:
    name: str
    scopes: list[ScopeEnum]  # type: ignore[valid-type]


@strawberry.type
class CreateApiTokenPayload:
    token: str | None = strawberry.field(description="The secret, shown this once.")
    api_token: ApiTokenType | None
    user_errors: list[UserErrorType]


@strawberry.input
class RevokeApiTokenInput:
    api_token_id: strawberry.ID


@strawberry.type
class RevokeApiTokenPayload:
    api_token: ApiTokenType | None
    user_errors: list[UserErrorType]


@strawberry.input
class UpdateViewerInput:
    locale: LocaleEnum | None = None  # type: ignore[valid-type]
    display_name: str | None = None


@strawberry.type
class UpdateViewerPayload:
    account: AccountType | None
    user_errors: list[UserErrorType]


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="The signed-in account's language (messages follow it).")
    async def update_viewer(self, info: Info, input: UpdateViewerInput) -> UpdateViewerPayload:
        row, errors = await run_use_case(
            info,
            lambda s: accounts.update_profile(
                s, info.context.principal, locale=input.locale, display_name=input.display_name
            ),
        )
        return UpdateViewerPayload(account=AccountType.of(row) if row else None, user_errors=errors)

    @strawberry.mutation(description="ADMIN creates a civil-affairs office.")
    async def create_office(self, info: Info, input: CreateOfficeInput) -> CreateOfficePayload:
        office, errors = await run_use_case(
            info,
            lambda s: offices.create_office(
                s, info.context.principal, input.name, input.region_code
            ),
        )
        return CreateOfficePayload(
            office=OfficeType.of(office) if office else None, user_errors=errors
        )

    @strawberry.mutation(description="ADMIN, or an OFFICE_ADMIN for its own office.")
    async def create_account(self, info: Info, input: CreateAccountInput) -> CreateAccountPayload:
        async def use_case(session: AsyncSession) -> Account:
            command = accounts.CreateAccount(
                email=input.email,
                password=input.password,
                role=input.role,
                office_id=optional_id(input.office_id, "Office", "officeId"),
                display_name=input.display_name,
            )
            return await accounts.create_account(session, info.context.principal, command)

        account, errors = await run_use_case(info, use_case)
        return CreateAccountPayload(
            account=AccountType.of(account) if account else None, user_errors=errors
        )

    @strawberry.mutation(description="Email and password for a bearer token.")
    async def sign_in(self, info: Info, input: SignInInput) -> SignInPayload:
        request, response = info.context.request, info.context.response
        if input.cookie and not csrf_ok(request, request.headers.get(CSRF_HEADER)):
            refusal = UserError(
                ("cookie",), "Echo the rh_csrf cookie as X-CSRF-Token.", ErrorCode.FORBIDDEN
            )
            return SignInPayload(token=None, account=None, user_errors=[UserErrorType.of(refusal)])
        issued, errors = await run_use_case(
            info, lambda s: accounts.sign_in(s, input.email, input.password)
        )
        if issued is None:
            return SignInPayload(token=None, account=None, user_errors=errors)
        if input.cookie:
            start_session(request, response, issued.token)
        return SignInPayload(
            token=None if input.cookie else issued.token,
            account=AccountType.of(issued.account),
            user_errors=[],
        )

    @strawberry.mutation(description="Revoke the token this request carries.")
    async def sign_out(self, info: Info) -> SignOutPayload:
        _, errors = await run_use_case(info, lambda s: accounts.sign_out(s, info.context.principal))
        if cookie_token(info.context.request) is not None:
            end_session(info.context.request, info.context.response)
        return SignOutPayload(ok=not errors, user_errors=errors)

    @strawberry.mutation(description="A named partner token, narrowed to its scopes.")
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        issued, errors = await run_use_case(
            info,
            lambda s: accounts.create_api_token(
                s, info.context.principal, input.name, list(input.scopes)
            ),
        )
        if issued is None:
            return CreateApiTokenPayload(token=None, api_token=None, user_errors=errors)
        return CreateApiTokenPayload(
            token=issued.token, api_token=ApiTokenType.of(issued.record), user_errors=[]
        )

    @strawberry.mutation(description="The token stops working at once.")
    async def revoke_api_token(
        self, info: Info, input: RevokeApiTokenInput
    ) -> RevokeApiTokenPayload:
        async def use_case(session: AsyncSession) -> ApiToken:
            token_id = expect_id(input.api_token_id, "ApiToken", "apiTokenId")
            return await accounts.revoke_api_token(session, info.context.principal, token_id)

        record, errors = await run_use_case(info, use_case)
        return RevokeApiTokenPayload(
            api_token=ApiTokenType.of(record) if record else None, user_errors=errors
        )
