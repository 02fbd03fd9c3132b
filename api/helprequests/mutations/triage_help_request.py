"""The `triageHelpRequest` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.mutations import mutation
from api.needs.types import UrgencyEnum
from domain.helprequests import outcomes


@strawberry.input
class TriageHelpRequestInput:
    help_request_id: strawberry.ID
    urgency: UrgencyEnum  # type: ignore[valid-type]
    note: str | None = None
    incident_id: strawberry.ID | None = strawberry.field(
        default=None, description="The incident it belongs to, when known."
    )


@strawberry.type
class TriageHelpRequestPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class TriageHelpRequest:
    triage_help_request = mutation(
        TriageHelpRequestInput,
        TriageHelpRequestPayload,
        outcomes.triage_help_request,
        description="Judge how urgent a request is: its first response, timed. RECEIVED becomes "
        "TRIAGED.",
    )
