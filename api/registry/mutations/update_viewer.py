"""The `updateViewer` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry

from api.kernel.context import Info
from api.kernel.mutations import mutate
from api.registry.errors import AccountError
from api.registry.types import (
    AccountType,
    LocaleEnum,
)
from domain.registry import accounts


@strawberry.input
class UpdateViewerInput:
    locale: LocaleEnum | None = None  # type: ignore[valid-type]
    display_name: str | None = None


@strawberry.type
class UpdateViewerPayload:
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class UpdateViewer:
    @strawberry.mutation(description="The signed-in account's language (messages follow it).")
    async def update_viewer(self, info: Info, input: UpdateViewerInput) -> UpdateViewerPayload:
        return await mutate(
            info,
            UpdateViewerPayload,
            lambda s: accounts.update_profile(
                s,
                info.context.principal,
                accounts.UpdateProfile(locale=input.locale, display_name=input.display_name),
            ),
            "account",
        )
