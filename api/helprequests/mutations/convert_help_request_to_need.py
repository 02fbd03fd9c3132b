"""The `convertHelpRequestToNeed` mutation: its input, its payload and its use case."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HelpRequestType
from api.kernel.mutations import mutation
from api.needs.types import NeedType
from domain.helprequests import outcomes


@strawberry.input
class ConvertHelpRequestToNeedInput:
    help_request_id: strawberry.ID
    incident_id: strawberry.ID
    category_code: str
    quantity: int
    needed_by: datetime


@strawberry.type
class ConvertHelpRequestToNeedPayload:
    help_request: HelpRequestType | None
    need: NeedType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class ConvertHelpRequestToNeed:
    convert_help_request_to_need = mutation(
        ConvertHelpRequestToNeedInput,
        ConvertHelpRequestToNeedPayload,
        outcomes.convert_to_need,
        description="Office staff publish a need for a triaged request's county, linked to "
        "it: the need's delivery closes the request.",
    )
