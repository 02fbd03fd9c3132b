"""The transactional outbox: events are rows written in the same transaction as the change."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import request_ids
from domain.db.base import utcnow
from domain.db.relief import OutboxEvent

# Topics; the workers map each to an actor.
ROUND_REQUESTED = "matching.round_requested"
ROUND_FINISHED = "matching.round_finished"
NEED_PUBLISHED = "need.published"
ORGANIZATION_REVIEWED = "organization.reviewed"
DISPATCH_ISSUED = "dispatch.issued"
DISPATCH_STATUS_CHANGED = "dispatch.status_changed"
DISPATCH_REMINDER = "dispatch.reminder"
DISPATCH_ESCALATION = "dispatch.escalation"
NOTIFICATION_SEND = "notification.send"


def emit(
    session: AsyncSession,
    topic: str,
    payload: dict[str, Any],
    *,
    delay: timedelta | None = None,
    now: datetime | None = None,
) -> OutboxEvent:
    """Add an event to the caller's unit of work; it leaves only if the change commits.

    The request (or worker message) that caused it is recorded with it, so the workers'
    log lines can name the request id a caller saw.
    """
    now = now or utcnow()
    request_id = request_ids.current()
    if request_id is not None and request_ids.PAYLOAD_KEY not in payload:
        payload = {**payload, request_ids.PAYLOAD_KEY: request_id}
    event = OutboxEvent(topic=topic, payload=payload, available_at=now + (delay or timedelta()))
    session.add(event)
    return event


async def mark_consumed(session: AsyncSession, event_ids: Sequence[uuid.UUID]) -> None:
    """The consumer is done with these events: the relay need not send them again."""
    if not event_ids:
        return
    await session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(event_ids), OutboxEvent.consumed_at.is_(None))
        .values(consumed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
