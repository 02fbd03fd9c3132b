"""The outbox relay: committed events become dramatiq messages, at least once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from dramatiq import Broker, Message
from sqlalchemy import and_, select

from domain.kernel import request_ids
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.outbox import OutboxEvent
from domain.notify import delivery
from workers.actors import ROUTES, Route
from workers.broker_watch import LossWatch

log = logging.getLogger(__name__)
BATCH = 200
FAN_OUT_CHUNK = 50
# Longer than any consumer takes, retries included: an event relayed this long ago and
# still unconsumed was lost by the broker and goes out again (consumers are idempotent).
RETRY_AFTER = timedelta(minutes=10)
MAX_RELAYS = 5
LOST_SCAN_SECONDS = 5.0
OUTAGE_PAUSE = 2.0  # seconds between passes at most while they fail


def _message(route: Route, events: list[OutboxEvent]) -> Message[Any]:
    payloads = [dict(event.payload) for event in events]
    # The requests that caused the events travel as an option, not as actor arguments;
    # a batch of fan-out events names each of its requests once.
    causes = [p.pop(request_ids.PAYLOAD_KEY, None) for p in payloads]
    request_id = ",".join(dict.fromkeys(str(c) for c in causes if c))
    kwargs = {"eventIds": [str(event.id) for event in events]} if route.by_event_id else payloads[0]
    options: dict[str, Any] = {"outbox_event_ids": [str(event.id) for event in events]}
    if request_id:
        options[request_ids.MESSAGE_OPTION] = request_id
    return Message(
        queue_name=route.queue_name,
        actor_name=route.actor_name,
        args=(),
        kwargs=kwargs,
        options=options,
    )


def _messages(events: Sequence[OutboxEvent]) -> Iterator[Message[Any]]:
    """A message per event, except that fan-out events travel FAN_OUT_CHUNK to a message:
    their notifications are then written, claimed and recorded a batch at a time."""
    chunks: dict[Route, list[OutboxEvent]] = {}
    for event in events:
        route = ROUTES[event.topic]
        if not route.by_event_id:
            yield _message(route, [event])
            continue
        chunk = chunks.setdefault(route, [])
        chunk.append(event)
        if len(chunk) == FAN_OUT_CHUNK:
            yield _message(route, chunk)
            chunks[route] = []
    for route, chunk in chunks.items():
        if chunk:
            yield _message(route, chunk)


async def relay_once(
    db: Database,
    broker: Broker,
    *,
    limit: int = BATCH,
    retry_after: timedelta = RETRY_AFTER,
    lost: bool = True,
    lost_before: datetime | None = None,
) -> int:
    """Hand due events (and, with `lost`, those the broker lost) to the broker; returns
    how many left the outbox. An event is taken as lost when it was relayed `retry_after`
    ago and is still unconsumed, or, when the broker is known to have lost its contents
    at `lost_before`, when it was relayed before then and is still unconsumed."""
    now = utcnow()
    relayed_before = now - retry_after
    if lost_before is not None:
        relayed_before = max(relayed_before, lost_before)
    # Two separate scans: the due one runs every pass and must stay an index lookup.
    wanted = (
        and_(
            OutboxEvent.consumed_at.is_(None),
            OutboxEvent.relayed_at <= relayed_before,
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
            if event.topic not in ROUTES:
                event.consumed_at = now  # nobody listens to this topic: nothing to wait for
            event.relayed_at = now
            event.attempts += 1
        # Enqueued before the commit: a crash between the two re-sends, and every consumer
        # is idempotent, so nothing is lost and nothing acts twice.
        for message in _messages([e for e in events if e.topic in ROUTES]):
            broker.enqueue(message)
        return len(events)


async def _relay_lost(
    db: Database, broker: Broker, retry_after: timedelta, lost_before: datetime | None
) -> int:
    """Every event the broker lost, a batch at a time (relayed again, they leave the scan)."""
    moved = 0
    while True:
        batch = await relay_once(
            db, broker, retry_after=retry_after, lost=True, lost_before=lost_before
        )
        moved += batch
        if batch < BATCH:
            return moved


async def _release_lapsed(db: Database) -> int:
    async with db.transaction() as session:
        released = await delivery.release_lapsed(session)
    if released:
        log.warning("%d notifications whose worker stopped while sending go again", released)
    return released


async def run_relay(
    db: Database,
    broker: Broker,
    stop: asyncio.Event,
    interval: float = 0.1,
    retry_after: timedelta = RETRY_AFTER,
) -> None:
    """Relay until `stop` is set; a broker outage leaves the rows for the next pass.

    An idle relay looks every `interval` seconds: a notification waits for one pass (its
    event; the fan-out sends at once), so this bounds part of commit-to-delivery latency.
    Every LOST_SCAN_SECONDS it also takes back what was lost: events relayed long ago and
    never consumed, and the claims of a worker that died while sending.
    """
    watch = LossWatch(broker)
    loss: datetime | None = None  # when the broker was last found emptied, until rescanned
    next_lost_scan = 0.0
    failed = 0  # passes failed in a row: the broker or the database is down
    while not stop.is_set():
        try:
            moved = 0
            noticed = await watch.lost_before()
            if noticed is not None:
                # At once, not after retry_after. The scan LOST_SCAN_SECONDS later looks
                # again, for a relay pass that enqueued into the old Redis and committed
                # only after this one looked.
                loss = noticed
                next_lost_scan = time.monotonic() + LOST_SCAN_SECONDS
                moved = await _relay_lost(db, broker, retry_after, noticed)
                # A first start finds no sentinel either, and usually nothing to resend.
                log.log(
                    logging.WARNING if moved else logging.INFO,
                    "no outbox sentinel in the broker (new, restarted empty or flushed):"
                    " %d unconsumed events relayed again",
                    moved,
                )
            moved += await relay_once(db, broker, retry_after=retry_after, lost=False)
            if time.monotonic() >= next_lost_scan:
                # Lost events are rare and old: look for them now and then, not every pass.
                next_lost_scan = time.monotonic() + LOST_SCAN_SECONDS
                moved += await _relay_lost(db, broker, retry_after, loss)
                loss = None
                await _release_lapsed(db)
        except Exception as error:
            failed += 1
            # The traceback once per outage, then one line a pass, passes spaced out.
            log.warning(
                "outbox relay pass failed (%d in a row); the events stay queued: %s",
                failed,
                str(error).splitlines()[0] if str(error) else type(error).__name__,
                exc_info=failed == 1,
            )
            moved = 0
        else:
            if failed:
                log.info("outbox relay recovered after %d failed passes", failed)
            failed = 0
        if moved < BATCH:
            pause = min(interval * 2 ** min(failed, 10), OUTAGE_PAUSE)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=max(pause, interval))
