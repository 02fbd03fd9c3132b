"""The `claimHelpRequest` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.mutations import mutation
from domain.helprequests import claims


@strawberry.input
class ClaimHelpRequestInput:
    help_request_id: strawberry.ID


@strawberry.type
class ClaimHelpRequestPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class ClaimHelpRequest:
    claim_help_request = mutation(
        ClaimHelpRequestInput,
        ClaimHelpRequestPayload,
        claims.claim_help_request,
        description="An operator takes a request before working it; refused while another "
        "operator holds it. Working a request also takes it, and a claim left "
        "untouched for 20 minutes lapses.",
    )
