"""`reliefhub worker`: dramatiq on Redis, the outbox relay and the periodic jobs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import timedelta

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import CurrentMessage
from dramatiq.middleware.asyncio import AsyncIO

from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from workers.actors import declare_actors
from workers.jobs import Timings, run_periodic
from workers.relay import run_relay
from workers.request_ids import RequestIds
from workers.runtime import Runtime

log = logging.getLogger(__name__)


def redis_broker(settings: Settings) -> RedisBroker:
    """The production broker; heartbeat settings shortened only where tests need it."""
    broker = RedisBroker(
        url=settings.redis_url,
        heartbeat_timeout=settings.worker_heartbeat_ms,
        maintenance_chance=settings.worker_maintenance_chance,
    )
    broker.add_middleware(AsyncIO())
    broker.add_middleware(CurrentMessage())
    broker.add_middleware(RequestIds())
    return broker


async def keep_alive(broker: RedisBroker, stop: asyncio.Event, every: float) -> None:
    """Touch every queue now and then, so that this process's heartbeat stays fresh
    while all its threads are busy and its prefetch full (it then fetches nothing), and
    so that each queue gets its share of dramatiq's maintenance, which hands a dead
    worker's messages back, even while nobody else consumes it."""
    while not stop.is_set():
        try:
            for queue in sorted(broker.get_declared_queues() | broker.get_declared_delay_queues()):
                await asyncio.to_thread(broker.do_qsize, queue)
        except Exception as error:
            # Redis is away: the consumers and the relay say so; try again next time.
            log.debug("broker keep-alive failed: %s", error)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)


async def _background(
    db: Database, broker: RedisBroker, settings: Settings, stop: asyncio.Event, relay: bool
) -> None:
    tasks = [
        asyncio.create_task(run_periodic(db, stop, Timings.from_settings(settings))),
        # Five beats to a timeout: a live process is never taken for dead.
        asyncio.create_task(keep_alive(broker, stop, settings.worker_heartbeat_ms / 5000)),
    ]
    if relay:
        retry_after = timedelta(seconds=settings.outbox_retry_after_seconds)
        tasks.append(asyncio.create_task(run_relay(db, broker, stop, retry_after=retry_after)))
    await asyncio.gather(*tasks)


def run_worker(
    settings: Settings,
    *,
    threads: int = 8,
    relay: bool = True,
    queues: list[str] | None = None,
) -> None:
    """Consume `queues` (default: every queue) until SIGTERM/SIGINT; relay the outbox
    unless told not to."""
    if not settings.redis_url:
        raise SystemExit("reliefhub worker needs REDIS_URL (the embedded mode needs no worker)")
    broker = redis_broker(settings)
    dramatiq.set_broker(broker)
    runtime = Runtime(settings)
    declare_actors(broker, runtime)
    # An idle consumer polls Redis at most every 100 ms: dramatiq's 1 s default would add
    # up to a second to the first notification after a lull.
    worker = dramatiq.Worker(
        broker,
        queues=set(queues) if queues else None,
        worker_threads=threads,
        worker_timeout=100,
    )
    worker.start()
    log.info(
        "worker started: %d threads, queues %s, relay %s",
        threads,
        ", ".join(queues) if queues else "all",
        "on" if relay else "off",
    )

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        db = Database.from_url(settings.database_url)
        try:
            await _background(db, broker, settings, stop, relay)
        finally:
            await db.dispose()

    try:
        asyncio.run(main())
    finally:
        worker.stop()
        broker.close()
        log.info("worker stopped")
