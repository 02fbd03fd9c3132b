"""Fan-out of changes (domain/kernel/changes.py): who among webhook subscribers hears of
one, and what they get. Everything is in the event's payload, taken when the change was
made, so a batch of a round's thousands of proposals reads nothing per event: the
subscriptions and their owners' rights are read once per batch."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch.changes import dispatch_data
from domain.dispatch.context import DispatchContext
from domain.kernel import outbox
from domain.kernel.changes import CHANGE, Change
from domain.kernel.enums import WebhookEvent
from domain.needs.changes import need_data
from domain.needs.model import Need
from domain.notify import audience, events
from domain.notify.events import Announcement

# Topics that carried their webhooks before changes rode on them.
_FORMERLY = {
    outbox.DISPATCH_ISSUED: WebhookEvent.DISPATCH_ISSUED,
    outbox.DISPATCH_STATUS_CHANGED: WebhookEvent.DISPATCH_STATUS_CHANGED,
}


def parameters(change: dict[str, Any]) -> dict[str, Any]:
    """The texts' parameters of a change told to nobody but partners."""
    data = change["data"]
    return {"event": change["event"], "id": data["id"], "status": data["status"], **data}


async def _as_now(session: AsyncSession, topic: str, payload: dict[str, Any]) -> Change | None:
    """The change of an event written before changes rode on events (queued across an
    upgrade), told as its object now is, at its present version."""
    if topic == outbox.NEED_PUBLISHED:
        need = await audience.get(session, Need, uuid.UUID(payload["needId"]))
        assert need is not None
        return Change(
            event=WebhookEvent.NEED_PUBLISHED,
            kind="Need",
            object_id=need.id,
            version=need.version,
            status=need.status.value,
            data=need_data(need),
            region_codes=(need.region_code,),
            public=True,
        )
    if topic not in _FORMERLY:
        return None
    ctx = DispatchContext(*await events.dispatch_rows(session, payload))
    extra = {"previousStatus": payload["from"]} if "from" in payload else {}
    return Change(
        event=_FORMERLY[topic],
        kind="Dispatch",
        object_id=ctx.dispatch.id,
        version=ctx.dispatch.version,
        status=ctx.dispatch.status.value,
        data={**dispatch_data(ctx), **extra},
        region_codes=(ctx.need.region_code,),
        organization_id=ctx.offer.organization_id,
        dispatch_id=ctx.dispatch.id,
    )


async def tell(
    session: AsyncSession, topic: str, payload: dict[str, Any], told: Announcement
) -> Announcement:
    """`told` (what the event's topic says to people), with the change's webhook
    subscribers and its payload added, when the event carries a change."""
    change = payload.get(CHANGE)
    if change is None:
        formerly = await _as_now(session, topic, payload)
        if formerly is None:
            return told
        change = formerly.to_payload()
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
