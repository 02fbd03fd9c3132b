"""Actors: explicit names, ids in messages, idempotent bodies (dramatiq's own advice)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import dramatiq
from dramatiq import Broker
from dramatiq.middleware import CurrentMessage

from domain import outbox
from domain.notify import delivery, fanout
from domain.notify.events import TOPICS
from domain.services.round_runner import execute_round
from workers import sending
from workers.runtime import Runtime

log = logging.getLogger(__name__)
SEND_RETRIES = delivery.MAX_ATTEMPTS - 1


@dataclass(frozen=True)
class Route:
    """Where an outbox topic goes. Fan-out routes get the event id, others its payload."""

    actor_name: str
    queue_name: str
    by_event_id: bool = False


FAN_OUT = Route("notifications.fan_out", "notifications", by_event_id=True)
ROUTES: dict[str, Route] = {
    outbox.ROUND_REQUESTED: Route("matching.run_round", "matching"),
    outbox.NOTIFICATION_SEND: Route("notifications.send", "deliveries"),
    outbox.DISPATCH_REMINDER: FAN_OUT,
    outbox.DISPATCH_ESCALATION: FAN_OUT,
    **{topic: FAN_OUT for topic in TOPICS},
}


def _event_id() -> uuid.UUID | None:
    """The outbox event behind the current message, if the relay sent it."""
    message = CurrentMessage.get_current_message()
    event_id = message.options.get("outbox_event_id") if message else None
    return uuid.UUID(event_id) if event_id else None


def declare_actors(broker: Broker, runtime: Runtime) -> dict[str, dramatiq.Actor[Any, Any]]:
    """Declare every actor on `broker`; the bodies reach the database through `runtime`."""

    async def run_matching_round(roundId: str) -> None:
        # Claiming PENDING -> RUNNING inside makes a redelivered message a no-op.
        lifetime = timedelta(minutes=runtime.settings.proposal_lifetime_minutes)
        status = await execute_round(runtime.database(), uuid.UUID(roundId), lifetime=lifetime)
        log.info("matching round %s: %s", roundId, status.value if status else "already run")
        async with runtime.database().transaction() as session:
            await outbox.mark_consumed(session, _event_id())

    async def fan_out(eventId: str) -> None:
        # One row per (event, channel, recipient): a redelivery creates nothing new.
        async with runtime.database().transaction() as session:
            created = await fanout.fan_out(
                session, uuid.UUID(eventId), channels=runtime.enabled_channels()
            )
            # In the same transaction: consumed exactly when the notifications exist.
            await outbox.mark_consumed(session, _event_id())
        log.info("event %s: %d notifications", eventId, len(created))

    async def send(notificationId: str) -> None:
        message = CurrentMessage.get_current_message()
        retries = message.options.get("retries", 0) if message else 0
        # A RetryLater leaves the event unconsumed: its retry is still on the broker.
        await sending.send(
            runtime,
            uuid.UUID(notificationId),
            last_try=retries >= SEND_RETRIES,
            event_id=_event_id(),
        )

    def declare(name: str, queue: str, **options: Any) -> Any:
        return dramatiq.actor(actor_name=name, queue_name=queue, broker=broker, **options)

    return {
        "matching.run_round": declare(
            "matching.run_round", "matching", max_retries=3, min_backoff=1000
        )(run_matching_round),
        "notifications.fan_out": declare(
            "notifications.fan_out", "notifications", max_retries=10, min_backoff=500
        )(fan_out),
        # Exponential backoff from 1 s, capped at 5 min; the last try marks it DEAD.
        "notifications.send": declare(
            "notifications.send",
            "deliveries",
            min_backoff=runtime.settings.delivery_min_backoff_ms,
            max_backoff=300_000,
            retry_when=lambda retries, _exc: retries <= SEND_RETRIES,
        )(send),
    }
