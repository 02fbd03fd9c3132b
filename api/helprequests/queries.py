"""The help-request list and the requester's progress check."""

from __future__ import annotations

from typing import Any

import strawberry

from api.helprequests import public_limits
from api.helprequests.filters import HelpRequestFilter
from api.helprequests.types import (
    HelpRequestOutcomeType,
    HelpRequestProgress,
    HelpRequestStep,
    HelpRequestType,
)
from api.kernel.connections import connection_field, paged_by
from api.kernel.context import Info
from api.kernel.nodes import register
from api.kernel.types import Connection
from domain.helprequests import queue, services


@strawberry.type
class HelpRequestQueries:
    help_requests = connection_field(
        HelpRequestType,
        scope=services.visible_help_requests,
        filter=HelpRequestFilter,
        description="The requests of the viewer's jurisdiction (offices and their hotline "
        "operators), or those it submitted. filter: status, regionCode, urgency, incidentId, "
        "channel, closed, claimed, waitingTooLong, callDownDue, reference.",
    )

    @strawberry.field(
        description="The hotline's queue: the open requests of `helpRequests`, most urgent "
        "first (the untriaged after the triaged), then the longest waiting; paged in that "
        "order."
    )
    async def help_request_queue(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[HelpRequestType]:
        principal = info.context.principal

        async def ordered(session: Any, _root: Any, **page: Any) -> Any:
            return await queue.queue_page(session, principal, **page)

        return await paged_by(info, ordered, None, first, after)

    @strawberry.field(
        description="The requester checks progress with the reference and the phone given; "
        "no account. Null when either is wrong. Rate-limited per address."
    )
    async def help_request_progress(
        self, info: Info, reference: str, phone: str
    ) -> HelpRequestProgress | None:
        await public_limits.charge(info, public_limits.CHECKS_PER_MINUTE, "progress")
        async with info.context.reading() as session:
            found = await services.progress(session, reference, phone)
            if found is None:
                return None
            outcomes = (await services.outcomes_of(session, [found.id]))[found.id]
        return HelpRequestProgress(
            reference=found.reference,
            status=found.status,
            received_at=found.received_at,
            updated_at=found.updated_at,
            closed_at=found.closed_at,
            outcomes=[
                HelpRequestStep(kind=o.kind, department=o.department, created_at=o.created_at)
                for o in outcomes
            ],
        )


register(HelpRequestType, scope=services.visible_help_requests)
register(HelpRequestOutcomeType, scope=services.visible_outcomes)
