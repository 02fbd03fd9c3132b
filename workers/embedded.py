"""The embedded mode: dramatiq's in-memory broker and an in-process worker."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage
from dramatiq.middleware.asyncio import AsyncIO

from domain.kernel.db.engine import Database
from domain.kernel.live import LiveBus, MemoryBus
from domain.kernel.settings import Settings
from workers.actors import declare_actors
from workers.jobs import Timings, run_periodic
from workers.relay import relay_once, run_relay
from workers.request_ids import RequestIds
from workers.runtime import Runtime


@dataclass
class EmbeddedWorkers:
    """Relay, periodic jobs and a dramatiq worker, all inside the API process."""

    db: Database
    settings: Settings
    live: LiveBus = field(default_factory=MemoryBus)
    relay_interval: float = 0.5
    periodic_interval: float = 60.0
    broker: StubBroker = field(init=False)
    runtime: Runtime = field(init=False)
    _worker: dramatiq.Worker | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.broker = StubBroker()
        self.broker.add_middleware(AsyncIO())
        self.broker.add_middleware(CurrentMessage())
        self.broker.add_middleware(RequestIds())
        self.runtime = Runtime(self.settings, self.live)
        declare_actors(self.broker, self.runtime)

    async def start(self) -> None:
        self._worker = dramatiq.Worker(self.broker, worker_threads=4, worker_timeout=100)
        self._worker.start()
        self._tasks = [
            asyncio.create_task(run_relay(self.db, self.broker, self._stop, self.relay_interval)),
            asyncio.create_task(
                run_periodic(
                    self.db,
                    self._stop,
                    Timings.from_settings(self.settings),
                    self.periodic_interval,
                )
            ),
        ]

    async def drain(self, within: float = 60.0) -> None:
        """Relay what is due until the worker has nothing left (for tests and the demo).

        Raises QueueJoinTimeout when messages are still pending after `within` seconds.
        """
        while True:
            moved = 0
            while batch := await relay_once(self.db, self.broker, lost=False) + await relay_once(
                self.db, self.broker, lost=True
            ):
                moved += batch
            for queue in self.broker.get_declared_queues():
                await asyncio.to_thread(
                    self.broker.join, queue, fail_fast=False, timeout=int(within * 1000)
                )
            if self._worker is not None:
                await asyncio.to_thread(self._worker.join)
            # Actors write new outbox rows (fan-out -> sends): drain those too.
            if not moved:
                return

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:
            await task
        loop_thread = get_event_loop_thread()
        if loop_thread is not None:
            # The actors' engines live on the worker's event loop: dispose of them there.
            await asyncio.to_thread(loop_thread.run_coroutine, self.runtime.dispose())
        if self._worker is not None:
            await asyncio.to_thread(self._worker.stop)
        self.broker.close()
