"""The `releaseHelpRequest` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.mutations import mutation
from domain.helprequests import claims


@strawberry.input
class ReleaseHelpRequestInput:
    help_request_id: strawberry.ID


@strawberry.type
class ReleaseHelpRequestPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class ReleaseHelpRequest:
    release_help_request = mutation(
        ReleaseHelpRequestInput,
        ReleaseHelpRequestPayload,
        claims.release_help_request,
        description="The operator holding a request hands it back to the queue.",
    )
