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

from domain.kernel import outbox
from domain.kernel.db.base import utcnow
from domain.matching.round_runner import execute_round
from domain.notify import delivery, fanout
from domain.notify.alerts import ALERTS
from domain.notify.events import TOPICS
from workers import sending
from workers.runtime import Runtime

log = logging.getLogger(__name__)
# How long a batch's send event waits before the relay hands it on: the fan-out sends the
# batch at once and consumes it long before, unless its worker died.
SEND_EVENT_GRACE = timedelta(seconds=30)


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
    **{topic: FAN_OUT for topic in ALERTS},
}


def _event_ids() -> list[uuid.UUID]:
    """The outbox events behind the current message, if the relay sent it."""
    message = CurrentMessage.get_current_message()
    ids = message.options.get("outbox_event_ids", []) if message else []
    return [uuid.UUID(ident) for ident in ids]


def declare_actors(broker: Broker, runtime: Runtime) -> dict[str, dramatiq.Actor[Any, Any]]:
    """Declare every actor on `broker`; the bodies reach the database through `runtime`."""
    actors: dict[str, dramatiq.Actor[Any, Any]] = {}

    async def run_matching_round(roundId: str) -> None:
        # Claiming PENDING -> RUNNING inside makes a redelivered message a no-op.
        lifetime = timedelta(minutes=runtime.settings.proposal_lifetime_minutes)
        status = await execute_round(runtime.database(), uuid.UUID(roundId), lifetime=lifetime)
        log.info("matching round %s: %s", roundId, status.value if status else "already run")
        async with runtime.database().transaction() as session:
            await outbox.mark_consumed(session, _event_ids())

    def send_later(ids: list[uuid.UUID], delay_ms: int, event_id: uuid.UUID | None) -> None:
        actors["notifications.send"].send_with_options(
            kwargs={"notificationIds": [str(i) for i in ids]},
            delay=max(delay_ms, 0),
            outbox_event_ids=[str(event_id)] if event_id else [],
        )

    def look_again_when_released(outcome: sending.Outcome, event_id: uuid.UUID | None) -> None:
        # Another worker holds these rows; if it died, its claim lapses and they are ours.
        if outcome.held and outcome.held_until is not None:
            wait = outcome.held_until - utcnow()
            send_later(outcome.held, int(wait.total_seconds() * 1000) + 100, event_id)
        # Texts over their phone's pace: when the hour has room (requeue_stuck is the net).
        if outcome.deferred and outcome.deferred_until is not None:
            wait = outcome.deferred_until - utcnow()
            send_later(outcome.deferred, int(wait.total_seconds() * 1000) + 100, event_id)

    async def fan_out(eventIds: list[str]) -> None:
        # One row per (event, channel, recipient): a redelivery creates nothing new.
        async with runtime.database().transaction() as session:
            batch = await fanout.fan_out(
                session,
                [uuid.UUID(i) for i in eventIds],
                channels=runtime.enabled_channels(),
                send_after=SEND_EVENT_GRACE,
            )
            # In the same transaction: consumed exactly when the notifications exist.
            await outbox.mark_consumed(session, _event_ids())
        if not batch.notification_ids:
            return
        # Send at once, here: the batch's send event is only the safety net.
        outcome = await sending.send(runtime, batch.notification_ids, event_id=batch.send_event_id)
        log.info("%d events: %d sent, %d to retry", len(eventIds), outcome.sent, len(outcome.retry))
        if outcome.retry:
            send_later(outcome.retry, runtime.settings.delivery_min_backoff_ms, batch.send_event_id)
        look_again_when_released(outcome, batch.send_event_id)

    async def send(notificationIds: list[str]) -> None:
        event_id = next(iter(_event_ids()), None)
        outcome = await sending.send(
            runtime, [uuid.UUID(i) for i in notificationIds], event_id=event_id
        )
        look_again_when_released(outcome, event_id)
        if outcome.retry:
            # The whole message again, with dramatiq's backoff: sent rows are not re-claimed.
            raise sending.RetryLater(f"{len(outcome.retry)} notifications to try again")

    def declare(name: str, queue: str, **options: Any) -> Any:
        return dramatiq.actor(actor_name=name, queue_name=queue, broker=broker, **options)

    actors["matching.run_round"] = declare(
        "matching.run_round", "matching", max_retries=3, min_backoff=1000
    )(run_matching_round)
    actors["notifications.fan_out"] = declare(
        "notifications.fan_out", "notifications", max_retries=10, min_backoff=500
    )(fan_out)
    # Exponential backoff from DELIVERY_MIN_BACKOFF_MS, capped at 5 min; each row goes DEAD
    # after its MAX_ATTEMPTS-th try, whichever message made it.
    actors["notifications.send"] = declare(
        "notifications.send",
        "deliveries",
        min_backoff=runtime.settings.delivery_min_backoff_ms,
        max_backoff=300_000,
        retry_when=lambda retries, exc: (
            isinstance(exc, sending.RetryLater) and retries < 2 * delivery.MAX_ATTEMPTS
        ),
    )(send)
    return actors
