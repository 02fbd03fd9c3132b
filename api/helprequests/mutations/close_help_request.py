"""The `closeHelpRequest` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.mutations import mutation
from domain.helprequests import outcomes


@strawberry.input
class CloseHelpRequestInput:
    help_request_id: strawberry.ID
    note: str = strawberry.field(description="The call-back: what the requester was told.")


@strawberry.type
class CloseHelpRequestPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class CloseHelpRequest:
    close_help_request = mutation(
        CloseHelpRequestInput,
        CloseHelpRequestPayload,
        outcomes.close_help_request,
        description="Close a request that has an outcome, logging the call-back; the requester "
        "gets an SMS and the operator who took the call is told.",
    )
