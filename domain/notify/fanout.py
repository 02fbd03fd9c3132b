"""Fan-out: one outbox event becomes notification rows, once, however often it arrives."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.dispatch.model import Dispatch
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Channel, DispatchStatus, NotificationStatus
from domain.kernel.outbox import (
    DISPATCH_ESCALATION,
    DISPATCH_LATE,
    DISPATCH_LATE_ESCALATION,
    DISPATCH_REMINDER,
    NOTIFICATION_SEND,
    OutboxEvent,
    emit,
)
from domain.notify import alerts, changes, events
from domain.notify.local_times import localized
from domain.notify.model import Notification
from domain.notify.prefetch import prefetch
from domain.notify.templates import render

# A dispatch is late while it is undelivered past its deadline.
UNDELIVERED = (DispatchStatus.ISSUED, DispatchStatus.ACKNOWLEDGED, DispatchStatus.EN_ROUTE)


async def _announce(session: AsyncSession, event: OutboxEvent) -> events.Announcement | None:
    told = await _told(session, event)
    # A change the event carries reaches its webhook subscribers too.
    return None if told is None else await changes.tell(session, event.topic, event.payload, told)


async def _told(session: AsyncSession, event: OutboxEvent) -> events.Announcement | None:
    if event.topic in (DISPATCH_REMINDER, DISPATCH_ESCALATION):
        return await events.dispatch_nudge(
            session, event.payload, escalate=event.topic == DISPATCH_ESCALATION
        )
    if event.topic in alerts.ALERTS:
        return await alerts.ALERTS[event.topic](session, event.payload)
    entry = events.TOPICS.get(event.topic)
    return None if entry is None else await entry[0](session, event.payload)


@dataclass(frozen=True)
class Batch:
    """What one fan-out wrote: the new notifications, and the send event that stands in
    for their sending until the worker consumes it."""

    notification_ids: list[uuid.UUID]
    send_event_id: uuid.UUID | None


async def fan_out(
    session: AsyncSession,
    event_ids: Sequence[uuid.UUID],
    *,
    channels: frozenset[Channel] = frozenset(Channel),
    send_after: timedelta = timedelta(),
) -> Batch:
    """Write the events' notifications on the `channels` this deployment has, and one send
    event for all of them, due `send_after` from now.

    The worker sends the batch at once and consumes that event; should it die first, the
    relay hands the event on when it falls due, so nothing waits for a lost message.
    """
    events = (
        await session.scalars(
            select(OutboxEvent).where(OutboxEvent.id.in_(event_ids)).order_by(OutboxEvent.id)
        )
    ).all()
    rows = await session.execute(
        select(Notification.event_id, Notification.channel, Notification.recipient_key).where(
            Notification.event_id.in_(event_ids)
        )
    )
    existing = {(event_id, channel, key) for event_id, channel, key in rows}
    await prefetch(session, events)
    created: list[Notification] = []
    for event in events:
        announcement = await _announce(session, event)
        if announcement is not None:
            created += _notifications(event, announcement, existing, channels)
    if not created:
        return Batch([], None)
    session.add_all(created)
    await session.flush()
    ids = [n.id for n in created]
    send = emit(
        session, NOTIFICATION_SEND, {"notificationIds": [str(i) for i in ids]}, delay=send_after
    )
    await session.flush()
    return Batch(ids, send.id)


def _notifications(
    event: OutboxEvent,
    announcement: events.Announcement,
    existing: set[tuple[uuid.UUID | None, Channel, str]],
    channels: frozenset[Channel],
) -> list[Notification]:
    """One row per (event, channel, recipient) not written yet: a redelivery adds nothing."""
    created: list[Notification] = []
    for recipient in announcement.recipients:
        key = (event.id, recipient.channel, recipient.key)
        if recipient.channel not in channels or key in existing:
            continue
        existing.add(key)
        parameters = localized(announcement.parameters, recipient.time_zone)
        counts = parameters.pop("counts", {})
        if recipient.account_id is not None and str(recipient.account_id) in counts:
            parameters["count"] = counts[str(recipient.account_id)]
        webhook = recipient.channel is Channel.WEBHOOK
        # A webhook's template is its event type; its texts are the topic's own.
        texts = event.topic if webhook else recipient.template
        subject, body = render(texts, recipient.locale, parameters)
        created.append(
            Notification(
                event_id=event.id,
                topic=event.topic,
                channel=recipient.channel,
                recipient_key=recipient.key,
                account_id=recipient.account_id,
                address=recipient.address,
                webhook_subscription_id=recipient.subscription_id,
                dispatch_id=announcement.dispatch_id,
                subject=subject,
                body=body,
                template=recipient.template,
                parameters=parameters,
                locale=recipient.locale,
                status=NotificationStatus.PENDING,
                attempts=0,
                payload={
                    "type": recipient.template,
                    "timestamp": event.created_at.isoformat(),
                    "data": announcement.webhook_data,
                }
                if webhook
                else None,
            )
        )
    return created


async def nudge_unacknowledged(
    session: AsyncSession, after: timedelta, now: datetime | None = None
) -> int:
    """Dispatches still ISSUED `after` their issue: remind the provider; at twice that,
    alert the office. Each mark is set once, so no one is nagged twice."""
    return await _nudge(
        session,
        now or utcnow(),
        (Dispatch.status == DispatchStatus.ISSUED,),
        Dispatch.issued_at,
        (
            (Dispatch.reminded_at, DISPATCH_REMINDER, after),
            (Dispatch.escalated_at, DISPATCH_ESCALATION, after * 2),
        ),
    )


async def nudge_late(
    session: AsyncSession, escalate_after: timedelta, now: datetime | None = None
) -> int:
    """Dispatches not delivered by their deadline: tell the provider at once; still not
    delivered `escalate_after` later, alert the office. Marks, set once, as above."""
    return await _nudge(
        session,
        now or utcnow(),
        (Dispatch.status.in_(UNDELIVERED),),
        Dispatch.deadline,
        (
            (Dispatch.late_reminded_at, DISPATCH_LATE, timedelta()),
            (Dispatch.late_escalated_at, DISPATCH_LATE_ESCALATION, escalate_after),
        ),
    )


async def _nudge(
    session: AsyncSession,
    now: datetime,
    conditions: tuple[ColumnElement[bool], ...],
    since: InstrumentedAttribute[datetime],
    steps: tuple[tuple[InstrumentedAttribute[datetime | None], str, timedelta], ...],
) -> int:
    """For each step: claim the dispatches `age` past `since` whose mark is unset (the
    UPDATE sets it, so two workers never claim one), and emit the step's topic."""
    nudged = 0
    for column, topic, age in steps:
        ids = (
            await session.scalars(
                update(Dispatch)
                .where(*conditions, since <= now - age, column.is_(None))
                .values({column.key: now})
                .returning(Dispatch.id)
            )
        ).all()
        for ident in ids:
            emit(
                session,
                topic,
                {"dispatchId": str(ident), "minutes": int(age.total_seconds() // 60)},
            )
        nudged += len(ids)
    return nudged
