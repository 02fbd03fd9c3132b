"""The `updateViewer` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.registry.errors import AccountError
from api.registry.types import AccountType, LocaleEnum
from domain.registry import account_profile


@strawberry.input
class UpdateViewerInput:
    locale: LocaleEnum | None = None  # type: ignore[valid-type]
    display_name: str | None = None
    time_zone: str | None = strawberry.field(
        default=None,
        description="An IANA time zone messages tell times in; empty: Asia/Shanghai.",
    )
    phone: str | None = strawberry.field(
        default=None,
        description="A phone to be told by SMS at (visits to make); empty removes it.",
    )


@strawberry.type
class UpdateViewerPayload:
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.type
class UpdateViewer:
    update_viewer = mutation(
        UpdateViewerInput,
        UpdateViewerPayload,
        account_profile.update_profile,
        description="The signed-in account's language and time zone (messages follow both), "
        "name, and the phone it is told by SMS at.",
    )
