"""Sending one notification: claim it, hand it to its channel, record the outcome."""

from __future__ import annotations

import logging
import uuid

from domain import outbox
from domain.db.notifications import Notification, WebhookSubscription
from domain.enums import Channel as ChannelKind
from domain.notify import delivery
from workers.channels import Delivery, DeliveryError
from workers.runtime import Runtime

log = logging.getLogger(__name__)


class RetryLater(Exception):
    """A transient failure: dramatiq's Retries middleware tries again with backoff."""


async def _deliver(
    runtime: Runtime, notification: Notification, subscription: WebhookSubscription | None
) -> None:
    if notification.channel is ChannelKind.INBOX:
        assert notification.account_id is not None
        await runtime.live().publish(str(notification.account_id), str(notification.id))
        log.info("inbox message %s delivered: %s", notification.id, notification.subject)
        return
    channel = runtime.channels().get(notification.channel.value)
    if channel is None:
        raise DeliveryError(f"{notification.channel.value} is not configured", permanent=True)
    secret = None
    if notification.channel is ChannelKind.WEBHOOK:
        if subscription is None or not subscription.active:
            raise DeliveryError("the subscription is gone or inactive", permanent=True)
        secret = runtime.box.decrypt(subscription.secret_encrypted)
    await channel.send(
        Delivery(
            notification_id=str(notification.id),
            channel=notification.channel.value,
            address=notification.address or "",
            subject=notification.subject,
            body=notification.body,
            template=notification.template,
            parameters=dict(notification.parameters),
            locale=notification.locale,
            secret=secret,
            payload=notification.payload,
        )
    )


async def send(
    runtime: Runtime,
    notification_id: uuid.UUID,
    *,
    last_try: bool,
    event_id: uuid.UUID | None = None,
) -> str:
    """Send once if the claim is won; returns what happened (for logs and tests)."""
    db = runtime.database()
    subscription = None
    async with db.transaction() as session:
        notification = await delivery.claim(session, notification_id)
        if notification is not None and notification.webhook_subscription_id is not None:
            # Read with the claim: one transaction per send instead of two.
            subscription = await session.get(
                WebhookSubscription, notification.webhook_subscription_id
            )
    if notification is None:
        async with db.transaction() as session:
            await outbox.mark_consumed(session, event_id)
        return "skipped"
    try:
        await _deliver(runtime, notification, subscription)
    except Exception as exc:
        # Anything else (the live bus's Redis, the database) is transient too, and the claim
        # must be released: left SENDING, the retry would find it taken until the lease ends.
        if isinstance(exc, DeliveryError):
            error = exc
        else:
            error = DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)
        final = error.permanent or last_try
        async with db.transaction() as session:
            await delivery.record_failure(session, notification_id, error.detail, final=final)
            if final:
                await outbox.mark_consumed(session, event_id)
        if final:
            log.warning("notification %s is DEAD: %s", notification_id, error.detail)
            return "dead"
        raise RetryLater(error.detail) from exc
    async with db.transaction() as session:
        await delivery.record_sent(session, notification_id)
        await outbox.mark_consumed(session, event_id)
    return "sent"
