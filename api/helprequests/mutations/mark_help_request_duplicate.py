"""The `markHelpRequestDuplicate` mutation: its input, its payload and its use case."""

from __future__ import annotations

import uuid

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.ids import expect_id
from api.kernel.mutations import mutation
from domain.helprequests import outcomes


@strawberry.input
class MarkHelpRequestDuplicateInput:
    help_request_id: strawberry.ID
    duplicate_of: strawberry.ID = strawberry.field(description="The request worked instead.")
    note: str | None = None

    def duplicate_of_id(self) -> uuid.UUID:
        return expect_id(self.duplicate_of, "HelpRequest", "duplicate_of")


@strawberry.type
class MarkHelpRequestDuplicatePayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class MarkHelpRequestDuplicate:
    mark_help_request_duplicate = mutation(
        MarkHelpRequestDuplicateInput,
        MarkHelpRequestDuplicatePayload,
        outcomes.mark_duplicate,
        description="Record that a triaged request repeats another one: an outcome.",
    )
