"""Noticing that the broker lost what it held, so the relay can send it again at once."""

from __future__ import annotations

import asyncio
import os
import socket
import time
from datetime import datetime
from typing import Any

from dramatiq import Broker

from domain.kernel.db.base import utcnow

# Set once in the broker's Redis database and never expired: it is gone exactly when that
# database's contents are (a restart without persistence, a failover to an empty replica,
# a flush). Every message that was in Redis then is gone too.
SENTINEL = "reliefhub:outbox:sentinel"
CHECK_EVERY = 1.0  # seconds: a loss is noticed within this of Redis answering again


class LossWatch:
    """Checks now and then that the sentinel key is still in the broker's Redis.

    Whoever finds it missing sets it again (SET NX: one relay among several wins) and is
    told the moment it looked: every event relayed before then and not yet consumed may
    have been lost and goes out again. Other brokers (the embedded, in-memory one) lose
    their messages only with the process, which loses its relay too: nothing to watch.
    """

    def __init__(self, broker: Broker, every: float = CHECK_EVERY) -> None:
        self._client: Any = getattr(broker, "client", None)
        self._every = every
        self._next = 0.0
        self._holder = f"{socket.gethostname()}:{os.getpid()}"

    async def lost_before(self) -> datetime | None:
        """When the broker was found to have lost its contents, if it was just now."""
        if self._client is None or time.monotonic() < self._next:
            return None
        self._next = time.monotonic() + self._every
        # Taken before looking: an event relayed after this went into the Redis we see.
        at = utcnow()
        value = f"{at.isoformat()} {self._holder}"
        created = await asyncio.to_thread(self._client.set, SENTINEL, value, nx=True)
        return at if created else None
