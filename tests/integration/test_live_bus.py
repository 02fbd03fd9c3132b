"""The live inbox bus: in production a worker's announcement reaches every API replica."""

from __future__ import annotations

import asyncio
import os
import uuid

from domain.kernel.live import MemoryBus, RedisBus
from tests.conftest import require_service


async def _first(bus: RedisBus | MemoryBus, account: str, ready: asyncio.Event) -> str:
    stream = bus.listen(account)
    pending = asyncio.ensure_future(stream.__anext__())
    ready.set()
    try:
        return await asyncio.wait_for(pending, timeout=10)
    finally:
        await stream.aclose()  # type: ignore[attr-defined]


async def test_every_replica_hears_a_workers_announcement_through_redis() -> None:
    url = os.environ.get("REDIS_URL")
    require_service("Redis (REDIS_URL)", bool(url))
    assert url is not None
    # given two API replicas listening for one account, and a worker elsewhere
    replicas, worker = [RedisBus(url), RedisBus(url)], RedisBus(url)
    account = str(uuid.uuid4())
    readies = [asyncio.Event(), asyncio.Event()]
    listeners = [
        asyncio.create_task(_first(bus, account, ready))
        for bus, ready in zip(replicas, readies, strict=True)
    ]
    for ready in readies:
        await ready.wait()
    await asyncio.sleep(0.2)  # ordering slack: SUBSCRIBE reaches Redis before PUBLISH

    # when the worker announces a delivered message (and one for somebody else)
    await worker.publish(str(uuid.uuid4()), "not-for-them")
    await worker.publish(account, "n-1")

    # then both replicas hear it, and only theirs
    assert await asyncio.gather(*listeners) == ["n-1", "n-1"]
    for bus in [*replicas, worker]:
        await bus.aclose()


async def test_the_memory_bus_crosses_threads() -> None:
    # given a listener on this loop, and a publisher on another thread's loop
    bus = MemoryBus()
    ready = asyncio.Event()
    listener = asyncio.create_task(_first(bus, "acc", ready))
    await ready.wait()
    await asyncio.sleep(0)
    # when the other thread publishes
    await asyncio.to_thread(asyncio.run, bus.publish("acc", "n-2"))
    # then the listener hears it
    assert await listener == "n-2"
