"""The embedded mode: dramatiq's in-memory broker and an in-process worker."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware.asyncio import AsyncIO

from domain.db.engine import Database
from domain.settings import Settings
from workers.actors import declare_actors
from workers.jobs import run_periodic
from workers.relay import relay_once, run_relay
from workers.runtime import Runtime


@dataclass
class EmbeddedWorkers:
    """Relay, periodic jobs and a dramatiq worker, all inside the API process."""

    db: Database
    settings: Settings
    relay_interval: float = 0.5
    broker: StubBroker = field(init=False)
    runtime: Runtime = field(init=False)
    _worker: dramatiq.Worker | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.broker = StubBroker()
        self.broker.add_middleware(AsyncIO())
        self.runtime = Runtime(self.settings)
        declare_actors(self.broker, self.runtime)

    async def start(self) -> None:
        self._worker = dramatiq.Worker(self.broker, worker_threads=2, worker_timeout=100)
        self._worker.start()
        self._tasks = [
            asyncio.create_task(run_relay(self.db, self.broker, self._stop, self.relay_interval)),
            asyncio.create_task(run_periodic(self.db, self._stop)),
        ]

    async def drain(self) -> None:
        """Relay what is due and wait until the worker has processed it (for tests)."""
        while await relay_once(self.db, self.broker):
            pass
        for queue in self.broker.get_declared_queues():
            await asyncio.to_thread(self.broker.join, queue, fail_fast=False)
        if self._worker is not None:
            await asyncio.to_thread(self._worker.join)

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
