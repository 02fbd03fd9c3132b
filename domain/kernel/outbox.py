"""The transactional outbox: events are rows written in the same transaction as the change."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Index,
    Integer,
    String,
    func,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel import request_ids
from domain.kernel.db.base import Entity, utcnow


class OutboxEvent(Entity):
    """An event written with the change it reports; a relay hands it to the workers."""

    __tablename__ = "outbox_events"
    # The relay's due scan reads only the events still waiting (migration 0006).
    __table_args__ = (
        Index(
            "ix_outbox_events_due",
            "available_at",
            postgresql_where=text("relayed_at IS NULL"),
            sqlite_where=text("relayed_at IS NULL"),
        ),
    )

    topic: Mapped[str] = mapped_column(String(80), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Null until the relay has handed it on; indexed because the relay scans for it.
    relayed_at: Mapped[datetime | None] = mapped_column(index=True)
    # Set by the consumer when done: a relayed event still unconsumed long after was lost
    # by the broker (Redis without persistence, a failover) and is relayed again.
    consumed_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    available_at: Mapped[datetime] = mapped_column(index=True)


# Topics; the workers map each to an actor.
ROUND_REQUESTED = "matching.round_requested"
ROUND_FINISHED = "matching.round_finished"
NEED_PUBLISHED = "need.published"
ORGANIZATION_REVIEWED = "organization.reviewed"
DISPATCH_ISSUED = "dispatch.issued"
DISPATCH_STATUS_CHANGED = "dispatch.status_changed"
DISPATCH_REMINDER = "dispatch.reminder"
DISPATCH_ESCALATION = "dispatch.escalation"
DISPATCH_LATE = "dispatch.late"
DISPATCH_LATE_ESCALATION = "dispatch.late_escalation"
NEED_OVERDUE = "need.overdue"
NEED_ESCALATED = "need.escalated"
BLIND_SPOTS = "incident.blind_spots"
NOTIFICATION_SEND = "notification.send"
ALLOCATION_VETOED = "allocation.vetoed"
ALLOCATION_ASSIGNED = "allocation.assigned"
# A visit round gave a visitor visits to make (one event per visitor and round).
VISITS_ASSIGNED = "visits.assigned"
# An organization named volunteers for an accepted allocation (one event per deployment).
VOLUNTEERS_DEPLOYED = "assignments.deployed"
# An assignment was called off (one event per assignment): its volunteer is told why.
ASSIGNMENT_CANCELLED = "assignment.cancelled"
HELP_REQUEST_RECEIVED = "help_request.received"
HELP_REQUEST_CLOSED = "help_request.closed"
HELP_REQUEST_TRIAGE_LATE = "help_request.triage_late"
HELP_REQUEST_TRIAGE_ESCALATION = "help_request.triage_escalation"
HELP_REQUEST_CALL_DOWN = "help_request.call_down"
# Someone signing up as a volunteer asked for a one-time code to their phone.
PHONE_CODE_REQUESTED = "volunteer.phone_code_requested"
# A one-time link for an account's email: an invitation or a password reset.
ACCOUNT_LINK_SENT = "account.link_sent"
# A change partners hear of and nobody else (domain/kernel/changes.py).
OBJECT_CHANGED = "object.changed"


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
    now = utcnow()
    await session.execute(
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(event_ids), OutboxEvent.consumed_at.is_(None))
        # A batch's send event is consumed before it falls due: marked relayed too, it
        # leaves the relay's due scan and is never handed on.
        .values(consumed_at=now, relayed_at=func.coalesce(OutboxEvent.relayed_at, now))
        .execution_options(synchronize_session=False)
    )
