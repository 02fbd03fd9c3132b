"""The `answerHelpRequest` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.mutations import mutation
from domain.helprequests import outcomes


@strawberry.input
class AnswerHelpRequestInput:
    help_request_id: strawberry.ID
    note: str = strawberry.field(description="What the requester was told.")


@strawberry.type
class AnswerHelpRequestPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class AnswerHelpRequest:
    answer_help_request = mutation(
        AnswerHelpRequestInput,
        AnswerHelpRequestPayload,
        outcomes.answer_help_request,
        description="Record that a triaged request was answered directly: an outcome.",
    )
