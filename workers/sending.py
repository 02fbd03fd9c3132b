"""Sending a batch of notifications: claim them, hand each to its channel, record the
outcomes. Two transactions per batch, however many notifications it holds."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from domain.kernel import outbox
from domain.kernel.enums import Channel as ChannelKind
from domain.notify import delivery, sms_pace
from domain.notify.model import Notification, WebhookSubscription
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


@dataclass
class Outcome:
    """What one batch of tries came to."""

    sent: int = 0
    dead: int = 0
    # Transient failures: try these again after a backoff.
    retry: list[uuid.UUID] = field(default_factory=list)
    # Rows another worker holds: look again when its claim ends (it may have died).
    held: list[uuid.UUID] = field(default_factory=list)
    held_until: datetime | None = None
    # Texts over their phone's hourly pace: send these when the hour has room.
    deferred: list[uuid.UUID] = field(default_factory=list)
    deferred_until: datetime | None = None


async def _attempt(
    runtime: Runtime, notification: Notification, subscription: WebhookSubscription | None
) -> DeliveryError | None:
    try:
        await _deliver(runtime, notification, subscription)
    except DeliveryError as error:
        return error
    except Exception as exc:
        # Anything else (the live bus's Redis, a bug in a channel) is transient too, and the
        # claim must be released: left SENDING, a retry would find it taken until the lease ends.
        log.warning("notification %s: %s", notification.id, exc, exc_info=True)
        return DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)
    return None


async def _keep_claims(runtime: Runtime, ids: list[uuid.UUID], done: asyncio.Event) -> None:
    """Renew the slice's claims every HEARTBEAT until its sends are over: only a worker
    that stopped lets its claims lapse. A slice that ends sooner renews nothing."""
    every = delivery.HEARTBEAT.total_seconds()
    while ids:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), timeout=every)
        if done.is_set():
            return
        try:
            async with runtime.database().transaction() as session:
                await delivery.renew(session, ids)
        except Exception as error:
            # The database is away: try again next beat; the lease outlasts a few misses.
            log.warning("renewing %d claims failed: %s", len(ids), error)


async def send(
    runtime: Runtime, notification_ids: list[uuid.UUID], *, event_id: uuid.UUID | None
) -> Outcome:
    """Send the batch a slice at a time: each slice is claimed, sent concurrently and
    recorded before the next, so a killed worker leaves only its slices in flight in doubt.
    The send event is consumed once nothing of the batch is left to try."""
    outcome = Outcome()
    async with runtime.database().sessions() as session:
        # Read once for the batch: a few partners' subscriptions serve all its webhooks.
        subscriptions = await delivery.subscriptions_of(session, notification_ids)
    size = runtime.slice_size()
    for start in range(0, len(notification_ids), size):
        last = start + size >= len(notification_ids)
        async with runtime.slices():
            await _send_slice(
                runtime,
                notification_ids[start : start + size],
                subscriptions,
                outcome,
                consume=event_id if last else None,
            )
    return outcome


async def _send_slice(
    runtime: Runtime,
    ids: list[uuid.UUID],
    subscriptions: dict[uuid.UUID | None, WebhookSubscription],
    outcome: Outcome,
    *,
    consume: uuid.UUID | None,
) -> None:
    db = runtime.database()
    async with db.transaction() as session:
        claimed = await delivery.claim(session, ids)
        if len(claimed) < len(ids):
            won = {n.id for n in claimed}
            rest = [i for i in ids if i not in won]
            until = await delivery.held_until(session, rest)
            if until is not None:
                outcome.held += rest
                outcome.held_until = max(until, outcome.held_until or until)
        paced = await sms_pace.pace(session, claimed, runtime.settings.sms_per_phone_per_hour)
        claimed = paced.send
        if paced.room_at is not None:
            outcome.deferred += paced.deferred
            outcome.deferred_until = min(paced.room_at, outcome.deferred_until or paced.room_at)
    done = asyncio.Event()
    heartbeat = asyncio.create_task(_keep_claims(runtime, [n.id for n in claimed], done))
    try:
        errors = await asyncio.gather(
            *(_attempt(runtime, n, subscriptions.get(n.webhook_subscription_id)) for n in claimed)
        )
    finally:
        # Let a renewal under way finish rather than cancel it inside its transaction.
        done.set()
        await heartbeat
    sent: list[uuid.UUID] = []
    failures: list[delivery.Failure] = []
    for notification, error in zip(claimed, errors, strict=True):
        if error is None:
            sent.append(notification.id)
            continue
        final = delivery.is_final(notification, permanent=error.permanent)
        failures.append(delivery.Failure(notification.id, error.detail, final))
        if final:
            outcome.dead += 1
            log.warning("notification %s is DEAD: %s", notification.id, error.detail)
        else:
            outcome.retry.append(notification.id)
    outcome.sent += len(sent)
    async with db.transaction() as session:
        await delivery.record(session, sent, failures)
        if consume is not None and not (outcome.retry or outcome.held or outcome.deferred):
            await outbox.mark_consumed(session, [consume])
