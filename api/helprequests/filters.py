"""Filters of the help-request list: the queue, the waiting-too-long list, call-downs."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.helprequests.types import HelpRequestChannelEnum, HelpRequestStatusEnum
from api.kernel.connections import equals, in_region, narrows, node_id, present, updated_since
from api.needs.types import UrgencyEnum
from domain.helprequests.model import HelpRequest


@strawberry.input
class HelpRequestFilter:
    status: HelpRequestStatusEnum | None = narrows(equals(HelpRequest.status))  # type: ignore[valid-type]
    region_code: str | None = narrows(
        in_region(HelpRequest.region_code), description="The code's subtree."
    )
    urgency: UrgencyEnum | None = narrows(equals(HelpRequest.urgency))  # type: ignore[valid-type]
    incident_id: strawberry.ID | None = narrows(
        node_id(HelpRequest.incident_id, "Incident", "incidentId")
    )
    channel: HelpRequestChannelEnum | None = narrows(equals(HelpRequest.channel))  # type: ignore[valid-type]
    closed: bool | None = narrows(
        present(HelpRequest.closed_at), description="False: the requests still open."
    )
    claimed: bool | None = narrows(present(HelpRequest.claimed_by_account_id))
    waiting_too_long: bool | None = narrows(
        present(HelpRequest.triage_alerted_at),
        description="True: requests whose office was alerted they wait too long for triage "
        "(with status RECEIVED: those still waiting).",
    )
    call_down_due: bool | None = narrows(
        present(HelpRequest.call_down_due_at),
        description="True: open requests whose requester is due a call-down.",
    )
    reference: str | None = narrows(
        lambda reference: HelpRequest.reference == reference.strip().upper(),
        description="The request given this reference code (QZ-…), e.g. the one a "
        "duplicate repeats.",
    )
    updated_since: datetime | None = updated_since(HelpRequest)
