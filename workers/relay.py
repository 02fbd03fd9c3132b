"""The outbox relay: committed events become dramatiq messages, at least once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import Any

from dramatiq import Broker, Message
from sqlalchemy import and_, select

from domain import request_ids
from domain.db.base import utcnow
from domain.db.engine import Database
from domain.db.relief import OutboxEvent
from workers.actors import ROUTES, Route

log = logging.getLogger(__name__)
BATCH = 200
# Longer than any consumer takes, retries included: an event relayed this long ago and
# still unconsumed was lost by the broker and goes out again (consumers are idempotent).
RETRY_AFTER = timedelta(minutes=10)
MAX_RELAYS = 5
LOST_SCAN_SECONDS = 5.0


def _message(event: OutboxEvent, route: Route) -> Message[Any]:
    payload = dict(event.payload)
    # The request that caused the event travels as an option, not as an actor argument.
    request_id = payload.pop(request_ids.PAYLOAD_KEY, None)
    kwargs = {"eventId": str(event.id)} if route.by_event_id else payload
    options: dict[str, Any] = {"outbox_event_id": str(event.id)}
    if request_id:
        options[request_ids.MESSAGE_OPTION] = request_id
    return Message(
        queue_name=route.queue_name,
        actor_name=route.actor_name,
        args=(),
        kwargs=kwargs,
        options=options,
    )


async def relay_once(
    db: Database,
    broker: Broker,
    *,
    limit: int = BATCH,
    retry_after: timedelta = RETRY_AFTER,
    lost: bool = True,
) -> int:
    """Hand due events (and, with `lost`, those the broker lost) to the broker; returns
    how many left the outbox."""
    now = utcnow()
    # Two separate scans: the due one runs every pass and must stay an index lookup.
    wanted = (
        and_(
            OutboxEvent.consumed_at.is_(None),
            OutboxEvent.relayed_at <= now - retry_after,
            OutboxEvent.attempts < MAX_RELAYS,
        )
        if lost
        else and_(OutboxEvent.relayed_at.is_(None), OutboxEvent.available_at <= now)
    )
    async with db.transaction() as session:
        stmt = (
            select(OutboxEvent)
            .where(wanted)
            .order_by(OutboxEvent.available_at, OutboxEvent.id)
            .limit(limit)
        )
        if db.dialect == "postgresql":
            # Several relays may run; each takes rows the others have not locked.
            stmt = stmt.with_for_update(skip_locked=True)
        events = (await session.scalars(stmt)).all()
        for event in events:
            route = ROUTES.get(event.topic)
            if route is None:
                event.consumed_at = now  # nobody listens to this topic: nothing to wait for
            else:
                # Enqueued before the commit: a crash between the two re-sends, and every
                # consumer is idempotent, so nothing is lost and nothing acts twice.
                broker.enqueue(_message(event, route))
            event.relayed_at = now
            event.attempts += 1
        return len(events)


async def run_relay(
    db: Database,
    broker: Broker,
    stop: asyncio.Event,
    interval: float = 0.1,
    retry_after: timedelta = RETRY_AFTER,
) -> None:
    """Relay until `stop` is set; a broker outage leaves the rows for the next pass.

    An idle relay looks every `interval` seconds: a notification waits for two passes
    (its event, then its send), so this bounds part of commit-to-delivery latency.
    """
    next_lost_scan = 0.0
    while not stop.is_set():
        try:
            moved = await relay_once(db, broker, retry_after=retry_after, lost=False)
            if time.monotonic() >= next_lost_scan:
                # Lost events are rare and old: look for them now and then, not every pass.
                next_lost_scan = time.monotonic() + LOST_SCAN_SECONDS
                moved += await relay_once(db, broker, retry_after=retry_after, lost=True)
        except Exception:
            log.warning("outbox relay pass failed; the events stay queued", exc_info=True)
            moved = 0
        if moved < BATCH:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
