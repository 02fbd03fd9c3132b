"""Cost points a token or an address may spend per minute: in Redis, or in memory.

Fixed one-minute windows, as GitHub's `x-ratelimit-reset` describes them: simple to
explain to a partner, and one key per caller and minute. A charge that would overdraw
the window is refused whole and takes nothing, so a refused caller is not punished twice.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Protocol

from redis import asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
# While Redis is unreachable the limiter lets requests through without asking it again
# for this long: the API must keep serving, and a dead Redis must not cost each request
# a connection timeout.
RETRY_REDIS_AFTER_SECONDS = 5.0

# Atomic check-and-charge: read, refuse if it would overdraw, else INCRBY and give the
# new window its expiry. Returns [charged (0/1), used after, milliseconds to reset].
_CHARGE = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost = tonumber(ARGV[1])
if used + cost > tonumber(ARGV[2]) then
  return {0, used, redis.call('PTTL', KEYS[1])}
end
used = redis.call('INCRBY', KEYS[1], cost)
if used == cost then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, used, redis.call('PTTL', KEYS[1])}
"""


@dataclass(frozen=True)
class Charge:
    """The answer to one charge, as the x-ratelimit-* headers tell it."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: int  # epoch seconds when the window's points come back

    def headers(self) -> dict[str, str]:
        headers = {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset_at),
        }
        if not self.allowed:
            headers["retry-after"] = str(max(1, self.reset_at - int(time.time())))
        return headers


class CostLimiter(Protocol):
    limit: int

    async def charge(self, caller: str, cost: int) -> Charge: ...

    async def close(self) -> None: ...


def _window(now: float) -> tuple[int, int]:
    start = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
    return start, start + WINDOW_SECONDS


class MemoryLimiter:
    """The embedded mode's limiter: one process, so a dict is the truth."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._used: dict[tuple[str, int], int] = {}

    async def charge(self, caller: str, cost: int) -> Charge:
        start, reset_at = _window(time.time())
        if any(window != start for _, window in self._used):
            self._used = {key: n for key, n in self._used.items() if key[1] == start}
        used = self._used.get((caller, start), 0)
        allowed = used + cost <= self.limit
        if allowed:
            used += cost
            self._used[(caller, start)] = used
        return Charge(allowed, self.limit, max(0, self.limit - used), reset_at)

    async def close(self) -> None:
        self._used.clear()


class RedisLimiter:
    """Production's limiter: every API replica charges the same Redis keys."""

    def __init__(self, url: str, limit: int) -> None:
        self.limit = limit
        self.redis = aioredis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, retry_on_timeout=False
        )
        self._script = self.redis.register_script(_CHARGE)
        self._down_until = 0.0

    async def charge(self, caller: str, cost: int) -> Charge:
        now = time.time()
        start, reset_at = _window(now)
        if now < self._down_until:
            return self._open(reset_at)
        try:
            charged, used, ttl_ms = await self._script(
                keys=[f"reliefhub:cost:{caller}:{start}"],
                args=[cost, self.limit, WINDOW_SECONDS * 1000],
            )
        except (RedisError, OSError) as error:
            # Fail open: refusing everyone because Redis is down would turn a cache
            # outage into an API outage; the warning tells operators limits are off.
            self._down_until = now + RETRY_REDIS_AFTER_SECONDS
            log.warning("rate limits are not enforced: Redis is unreachable (%s)", error)
            return self._open(reset_at)
        if int(ttl_ms) > 0:
            reset_at = int(now + int(ttl_ms) / 1000) + 1
        return Charge(bool(charged), self.limit, max(0, self.limit - int(used)), reset_at)

    def _open(self, reset_at: int) -> Charge:
        return Charge(True, self.limit, self.limit, reset_at)

    async def close(self) -> None:
        await self.redis.aclose()


def make_limiter(redis_url: str | None, limit: int) -> CostLimiter:
    """Redis when the deployment has one (production), memory otherwise (embedded)."""
    return RedisLimiter(redis_url, limit) if redis_url else MemoryLimiter(limit)
