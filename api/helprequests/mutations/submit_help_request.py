"""The `submitHelpRequest` mutation: anyone asks for help, the public page rate-limited."""

from __future__ import annotations

from typing import Any

import strawberry

from api.helprequests import public_limits
from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.context import Info
from api.kernel.mutations import MutationSpec
from api.needs.types import SpecialGroupEnum, UrgencyEnum
from domain.helprequests import services


@strawberry.input
class SubmitHelpRequestInput:
    requester_name: str = strawberry.field(description="Who calls.")
    phone: str = strawberry.field(description="Where to call back; the progress check asks it.")
    region_code: str = strawberry.field(description="The county (区/县) they are in.")
    for_whom: str | None = strawberry.field(
        default=None, description="Whom the help is for, when not the caller (e.g. 母亲，82岁)."
    )
    address: str | None = strawberry.field(
        default=None, description="Township, village, street and number."
    )
    people_count: int | None = strawberry.field(default=None, description="1 unless given.")
    special_groups: list[SpecialGroupEnum] | None = None  # type: ignore[valid-type]
    category_codes: list[str] | None = strawberry.field(
        default=None, description="What is needed, as categories."
    )
    description: str | None = strawberry.field(default=None, description="What is needed.")
    urgency: UrgencyEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="A first guess; the office triages."
    )


@strawberry.type
class SubmitHelpRequestPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


_SPEC = MutationSpec(SubmitHelpRequestInput, SubmitHelpRequestPayload, services.submit_help_request)
_SPEC.check()


async def _submit(info: Info, input: SubmitHelpRequestInput) -> Any:
    await public_limits.charge(info, public_limits.SUBMISSIONS_PER_MINUTE, "help")
    return await _SPEC.run(info, input)


_submit.__annotations__ = {
    "info": Info,
    "input": SubmitHelpRequestInput,
    "return": SubmitHelpRequestPayload,
}
_submit.spec = _SPEC  # type: ignore[attr-defined]  # read by the tests of error codes


@strawberry.type
class SubmitHelpRequest:
    submit_help_request = strawberry.mutation(
        resolver=_submit,
        description="Anyone asks for help: the public with no account (a few a minute per "
        "address), a hotline operator taking a call, a partner. The requester gets the "
        "reference by SMS.",
    )
