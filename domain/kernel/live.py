"""The live inbox bus: a worker announces a delivered inbox message, API replicas push it.

In memory for the embedded mode (worker threads and the API share a process); Redis
pub/sub in production, so every API replica hears every worker.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import suppress
from typing import Protocol

CHANNEL = "reliefhub:inbox"
CONNECT_TIMEOUT = 2.0  # seconds: an unreachable Redis must not hold up a delivery
RESUBSCRIBE_MIN, RESUBSCRIBE_MAX = 0.2, 2.0  # seconds between a listener's tries
log = logging.getLogger(__name__)


class LiveBus(Protocol):
    async def publish(self, account_id: str, notification_id: str) -> None: ...

    def listen(self, account_id: str) -> AsyncIterator[str]: ...


class MemoryBus:
    """Subscribers are (loop, queue) pairs: publishers may run on other threads' loops."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[
            str, list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]]
        ] = {}

    async def publish(self, account_id: str, notification_id: str) -> None:
        with self._lock:
            targets = list(self._subscribers.get(account_id, []))
        for loop, queue in targets:
            with suppress(RuntimeError):  # that subscriber's loop has closed
                loop.call_soon_threadsafe(queue.put_nowait, notification_id)

    async def listen(self, account_id: str) -> AsyncIterator[str]:
        entry = (asyncio.get_running_loop(), asyncio.Queue[str]())
        with self._lock:
            self._subscribers.setdefault(account_id, []).append(entry)
        try:
            while True:
                yield await entry[1].get()
        finally:
            with self._lock:
                self._subscribers[account_id].remove(entry)


def _outages() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError, TimeoutError

    return (ConnectionError, TimeoutError, OSError)


class RedisBus:
    """Redis pub/sub: one channel, messages "account_id:notification_id".

    Rides out a Redis outage: announcements are dropped (the inbox message is stored
    before it is announced, so a listener misses only the live update) and listeners
    subscribe again once Redis is back; one warning per outage, not one per message.
    """

    def __init__(self, url: str) -> None:
        from redis import asyncio as aioredis

        self._redis = aioredis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT)
        self._unreachable = False

    def _down(self, error: BaseException) -> None:
        if not self._unreachable:
            self._unreachable = True
            log.warning("live bus: Redis unreachable, pushes dropped until back: %s", error)

    def _up(self) -> None:
        if self._unreachable:
            self._unreachable = False
            log.info("live bus: Redis reachable again, live pushes resumed")

    async def publish(self, account_id: str, notification_id: str) -> None:
        try:
            await self._redis.publish(CHANNEL, f"{account_id}:{notification_id}")
        except _outages() as error:
            self._down(error)
            return
        self._up()

    async def listen(self, account_id: str) -> AsyncIterator[str]:
        pause = RESUBSCRIBE_MIN
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                self._up()
                pause = RESUBSCRIBE_MIN
                async for message in pubsub.listen():
                    if message.get("type") != "message":
                        continue
                    who, _, notification_id = message["data"].decode().partition(":")
                    if who == account_id:
                        yield notification_id
            except _outages() as error:
                self._down(error)
            finally:
                with suppress(*_outages()):  # a dead connection has nothing to unsubscribe
                    await pubsub.unsubscribe(CHANNEL)
                await pubsub.aclose()
            await asyncio.sleep(pause)
            pause = min(pause * 2, RESUBSCRIBE_MAX)

    async def aclose(self) -> None:
        await self._redis.aclose()
