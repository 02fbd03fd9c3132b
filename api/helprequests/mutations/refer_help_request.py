"""The `referHelpRequest` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import DepartmentEnum, HelpRequestType
from api.kernel.mutations import mutation
from domain.helprequests import outcomes


@strawberry.input
class ReferHelpRequestInput:
    help_request_id: strawberry.ID
    department: DepartmentEnum  # type: ignore[valid-type]
    note: str | None = None


@strawberry.type
class ReferHelpRequestPayload:
    help_request: HelpRequestType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class ReferHelpRequest:
    refer_help_request = mutation(
        ReferHelpRequestInput,
        ReferHelpRequestPayload,
        outcomes.refer_help_request,
        description="Refer a triaged request to a department (a 低保/特困/临时救助 "
        "assessment, housing, health…): an outcome.",
    )
