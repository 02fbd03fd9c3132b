"""The live bus while Redis is down: a worker's announcement is dropped with one warning
(the inbox message is stored already), pushes resume when Redis is back, and a listener
(an open subscription) carries on across a Redis restart."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from pathlib import Path

import pytest

from domain.kernel.live import RedisBus
from tests.conftest import require_service
from tests.faults.processes import RedisServer, eventually, redis_available


async def test_announcements_survive_a_redis_outage_and_resume_after(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    require_service("redis-server", redis_available())
    redis = RedisServer(tmp_path)  # its port is chosen, nothing listens on it yet
    worker, replica = RedisBus(redis.url), RedisBus(redis.url)
    account = str(uuid.uuid4())
    try:
        # given Redis is down
        # when a worker announces three delivered inbox messages
        with caplog.at_level(logging.INFO, logger="domain.kernel.live"):
            for n in range(3):
                await worker.publish(account, f"lost-{n}")

        # then none fails the delivery, and the outage is logged once, as a warning
        outage = [r for r in caplog.records if r.name == "domain.kernel.live"]
        assert [r.levelname for r in outage] == ["WARNING"]
        assert "Redis unreachable" in outage[0].getMessage()

        # when Redis comes up and an API replica listens
        await asyncio.to_thread(redis.start)
        stream = replica.listen(account)
        heard = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.3)  # ordering slack: SUBSCRIBE reaches Redis before PUBLISH
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="domain.kernel.live"):
            await worker.publish(account, "after")

        # then the replica hears the next announcement, and the recovery is logged
        assert await asyncio.wait_for(heard, timeout=10) == "after"
        assert [r.levelname for r in caplog.records if r.name == "domain.kernel.live"] == ["INFO"]
        await stream.aclose()  # type: ignore[attr-defined]
    finally:
        await worker.aclose()
        await replica.aclose()
        await asyncio.to_thread(redis.stop)


async def test_a_listener_carries_on_across_a_redis_restart(tmp_path: Path) -> None:
    require_service("redis-server", redis_available())
    redis = RedisServer(tmp_path)
    await asyncio.to_thread(redis.start)
    worker, replica = RedisBus(redis.url), RedisBus(redis.url)
    account = str(uuid.uuid4())
    heard: list[str] = []

    async def subscription() -> None:
        async for notification_id in replica.listen(account):
            heard.append(notification_id)

    async def announce_until_heard(notification_id: str) -> None:
        async def arrived() -> bool:
            await worker.publish(account, notification_id)
            return notification_id in heard

        await eventually(arrived, 30, f"{notification_id} heard", interval=0.2)

    listening = asyncio.create_task(subscription())
    try:
        # given an API replica's subscription hearing a worker's announcements
        await announce_until_heard("before")

        # when Redis stops for a while and comes back on the same port
        await asyncio.to_thread(redis.stop)
        await asyncio.sleep(1.0)
        await asyncio.to_thread(redis.start)

        # then the same subscription hears the next announcements, and never failed
        await announce_until_heard("after")
        assert not listening.done()
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
        await worker.aclose()
        await replica.aclose()
        await asyncio.to_thread(redis.stop)
