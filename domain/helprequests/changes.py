"""A help request's changes as partners hear of them (domain/kernel/changes.py).

Partners hear that a call was received and that it was closed, never who called: the
name, phone, for whom and address stay with the office of jurisdiction, so the events
carry the reference, the county, what is needed and how it ended."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.helprequests.model import HelpRequest
from domain.kernel import changes
from domain.kernel.db.versions import next_version
from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import to_global_id


def help_request_data(request: HelpRequest) -> dict[str, Any]:
    return {
        "helpRequestId": to_global_id("HelpRequest", request.id),
        "reference": request.reference,
        "channel": request.channel.value,
        "regionCode": request.region_code,
        "peopleCount": request.people_count,
        "specialGroups": list(request.special_groups or []),
        "categoryCodes": list(request.category_codes or []),
        "urgency": request.urgency.value if request.urgency else None,
        "incidentId": to_global_id("Incident", request.incident_id)
        if request.incident_id
        else None,
        "receivedAt": request.received_at.isoformat(),
        "closedAt": request.closed_at.isoformat() if request.closed_at else None,
    }


async def change_of(
    session: AsyncSession, request: HelpRequest, event: WebhookEvent
) -> dict[str, Any]:
    """The change to ride on the help request's own outbox topic (the requester's SMS
    and the operator's inbox go with it): offices covering its county may hear of it."""
    await next_version(session, HelpRequest, request.id)
    await session.refresh(request)
    change = changes.Change(
        event=event,
        kind="HelpRequest",
        object_id=request.id,
        version=request.version,
        status=request.status.value,
        data=help_request_data(request),
        region_codes=(request.region_code,),
    )
    return {changes.CHANGE: change.to_payload()}
