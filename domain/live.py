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


class RedisBus:
    """Redis pub/sub: one channel, messages "account_id:notification_id"."""

    def __init__(self, url: str) -> None:
        from redis import asyncio as aioredis

        self._redis = aioredis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT)
        self._unreachable = False

    async def publish(self, account_id: str, notification_id: str) -> None:
        """Best effort: the inbox message is stored before it is announced, so a push lost
        while Redis is down costs a listener only the live update, not the message; one
        warning per outage rather than a failed delivery per message."""
        from redis.exceptions import ConnectionError, TimeoutError

        try:
            await self._redis.publish(CHANNEL, f"{account_id}:{notification_id}")
        except (ConnectionError, TimeoutError, OSError) as error:
            if not self._unreachable:
                self._unreachable = True
                log.warning("live bus: Redis unreachable, pushes dropped until back: %s", error)
            return
        if self._unreachable:
            self._unreachable = False
            log.info("live bus: Redis reachable again, live pushes resumed")

    async def listen(self, account_id: str) -> AsyncIterator[str]:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(CHANNEL)
        try:
            async for message in pubsub.listen():
                if message.get("type") != "message":
                    continue
                who, _, notification_id = message["data"].decode().partition(":")
                if who == account_id:
                    yield notification_id
        finally:
            await pubsub.unsubscribe(CHANNEL)
            await pubsub.aclose()

    async def aclose(self) -> None:
        await self._redis.aclose()
