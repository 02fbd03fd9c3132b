"""The `recordCallDown` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import CallDownAnswerEnum, HelpRequestType
from api.kernel.mutations import mutation
from api.needs.types import UrgencyEnum
from domain.helprequests import deadlines


@strawberry.input
class RecordCallDownInput:
    help_request_id: strawberry.ID
    answer: CallDownAnswerEnum  # type: ignore[valid-type]
    note: str | None = None
    urgency: UrgencyEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="CHANGED: the urgency now."
    )
    description: str | None = strawberry.field(
        default=None, description="CHANGED: what is needed now."
    )
    category_codes: list[str] | None = strawberry.field(
        default=None, description="CHANGED: the categories now."
    )


@strawberry.type
class RecordCallDownPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class RecordCallDown:
    record_call_down = mutation(
        RecordCallDownInput,
        RecordCallDownPayload,
        deadlines.record_call_down,
        description="The answer to a call-down (do you still need help?): STILL_NEEDED keeps the "
        "request, CHANGED updates it, NO_LONGER_NEEDED closes it.",
    )
