"""The `setHotlineTimes` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.helprequests.errors import HelpRequestError
from api.helprequests.types import HotlineTimesType
from api.kernel.mutations import mutation
from domain.helprequests import times


@strawberry.input
class SetHotlineTimesInput:
    office_id: strawberry.ID
    triage_minutes: int = strawberry.field(
        description="A request not triaged this long alerts the office; twice this, the "
        "office above."
    )
    call_down_hours: int = strawberry.field(
        description="A request open this long is called down (do you still need help?)."
    )


@strawberry.type
class SetHotlineTimesPayload:
    hotline_times: HotlineTimesType | None
    user_errors: list[HelpRequestError]


@strawberry.type
class SetHotlineTimes:
    set_hotline_times = mutation(
        SetHotlineTimesInput,
        SetHotlineTimesPayload,
        times.set_hotline_times,
        description="The office's admin sets its own time limits for help requests, e.g. "
        "30 minutes to triage during an incident.",
    )
