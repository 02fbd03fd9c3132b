"""Fan-out: one outbox event becomes notification rows, once, however often it arrives."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.db.base import utcnow
from domain.db.notifications import Notification
from domain.db.relief import Dispatch, OutboxEvent
from domain.enums import Channel, DispatchStatus, NotificationStatus
from domain.notify import events
from domain.notify.templates import render
from domain.outbox import (
    DISPATCH_ESCALATION,
    DISPATCH_REMINDER,
    NOTIFICATION_SEND,
    emit,
)


async def _announce(session: AsyncSession, event: OutboxEvent) -> events.Announcement | None:
    if event.topic in (DISPATCH_REMINDER, DISPATCH_ESCALATION):
        return await events.dispatch_nudge(
            session, event.payload, escalate=event.topic == DISPATCH_ESCALATION
        )
    entry = events.TOPICS.get(event.topic)
    return None if entry is None else await entry[0](session, event.payload)


async def fan_out(
    session: AsyncSession, event_id: uuid.UUID, *, channels: frozenset[Channel] = frozenset(Channel)
) -> list[uuid.UUID]:
    """Write the event's notifications on the `channels` this deployment has, and their
    send events; returns the ids of the new ones."""
    event = await session.get(OutboxEvent, event_id)
    if event is None:
        return []
    announcement = await _announce(session, event)
    if announcement is None:
        return []
    rows = await session.execute(
        select(Notification.channel, Notification.recipient_key).where(
            Notification.event_id == event.id
        )
    )
    existing: set[tuple[Channel, str]] = {(channel, key) for channel, key in rows}
    created: list[Notification] = []
    for recipient in announcement.recipients:
        if recipient.channel not in channels or (recipient.channel, recipient.key) in existing:
            continue
        existing.add((recipient.channel, recipient.key))
        parameters = dict(announcement.parameters)
        counts = parameters.pop("counts", {})
        if recipient.account_id is not None and str(recipient.account_id) in counts:
            parameters["count"] = counts[str(recipient.account_id)]
        webhook = recipient.channel is Channel.WEBHOOK
        # A webhook's template is its event type; its texts are the topic's own.
        texts = event.topic if webhook else recipient.template
        subject, body = render(texts, recipient.locale, parameters)
        notification = Notification(
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
        session.add(notification)
        created.append(notification)
    await session.flush()
    for notification in created:
        emit(session, NOTIFICATION_SEND, {"notificationId": str(notification.id)})
    return [n.id for n in created]


async def nudge_unacknowledged(session: AsyncSession, after: timedelta) -> int:
    """Dispatches still ISSUED `after` their issue: remind the provider; at twice that,
    alert the office. Each mark is set once, so no one is nagged twice."""
    now = utcnow()
    nudged = 0
    for column, topic, age in (
        (Dispatch.reminded_at, DISPATCH_REMINDER, after),
        (Dispatch.escalated_at, DISPATCH_ESCALATION, after * 2),
    ):
        ids = (
            await session.scalars(
                update(Dispatch)
                .where(
                    Dispatch.status == DispatchStatus.ISSUED,
                    Dispatch.issued_at <= now - age,
                    column.is_(None),
                )
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
