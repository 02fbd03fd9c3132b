"""The `requestPhoneCode` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.volunteers.errors import VolunteerError
from domain.volunteers import phone_codes


@strawberry.input
class RequestPhoneCodeInput:
    phone: str


@strawberry.type
class RequestPhoneCodePayload:
    sent: bool = False
    user_errors: list[VolunteerError] = strawberry.field(default_factory=list)


@strawberry.type
class RequestPhoneCode:
    request_phone_code = mutation(
        RequestPhoneCodeInput,
        RequestPhoneCodePayload,
        phone_codes.request_phone_code,
        description="Anyone: a one-time code for signing up goes to the phone by SMS; good "
        "for ten minutes and five tries, once a minute and five times an hour per phone.",
    )
