"""The live bus while Redis is down: a worker's announcement is dropped with one warning
(the inbox message is stored already), and pushes resume when Redis is back."""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

import pytest

from domain.live import RedisBus
from tests.conftest import require_service
from tests.faults.processes import RedisServer, redis_available


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
        with caplog.at_level(logging.INFO, logger="domain.live"):
            for n in range(3):
                await worker.publish(account, f"lost-{n}")

        # then none fails the delivery, and the outage is logged once, as a warning
        outage = [r for r in caplog.records if r.name == "domain.live"]
        assert [r.levelname for r in outage] == ["WARNING"]
        assert "Redis unreachable" in outage[0].getMessage()

        # when Redis comes up and an API replica listens
        await asyncio.to_thread(redis.start)
        stream = replica.listen(account)
        heard = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.3)  # ordering slack: SUBSCRIBE reaches Redis before PUBLISH
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="domain.live"):
            await worker.publish(account, "after")

        # then the replica hears the next announcement, and the recovery is logged
        assert await asyncio.wait_for(heard, timeout=10) == "after"
        assert [r.levelname for r in caplog.records if r.name == "domain.live"] == ["INFO"]
        await stream.aclose()  # type: ignore[attr-defined]
    finally:
        await worker.aclose()
        await replica.aclose()
        await asyncio.to_thread(redis.stop)
