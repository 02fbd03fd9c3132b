"""Fan-out of changes (domain/kernel/changes.py): who among webhook subscribers hears of
one, and what they get. Everything is in the event's payload, taken when the change was
made, so a batch of a round's thousands of proposals reads nothing per event: the
subscriptions and their owners' rights are read once per batch."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.changes import CHANGE
from domain.notify import audience
from domain.notify.events import Announcement


def parameters(change: dict[str, Any]) -> dict[str, Any]:
    """The texts' parameters of a change told to nobody but partners."""
    data = change["data"]
    return {"event": change["event"], "id": data["id"], "status": data["status"], **data}


async def tell(session: AsyncSession, payload: dict[str, Any], told: Announcement) -> Announcement:
    """`told` (what the event's topic says to people), with the change's webhook
    subscribers and its payload added, when the event carries a change."""
    change = payload.get(CHANGE)
    if change is None:
        return told
    organization = change.get("organizationId")
    places = change.get("regionCodes") or []
    public = bool(change.get("public"))
    subscribers = await audience.webhook_subscribers(
        session,
        change["event"],
        None if public else (places[0] if places else None),
        None if public or not organization else uuid.UUID(organization),
        places=places,
    )
    told.recipients = [*told.recipients, *subscribers]
    told.webhook_data = change["data"]
    if told.dispatch_id is None and change.get("dispatchId"):
        told.dispatch_id = uuid.UUID(change["dispatchId"])
    return told
