"""Periodic jobs of the worker process."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from domain.db.engine import Database
from domain.services.proposals import expire_proposals

log = logging.getLogger(__name__)


async def run_periodic(db: Database, stop: asyncio.Event, interval: float = 60.0) -> None:
    """Expire stale proposals every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            async with db.transaction() as session:
                lapsed = await expire_proposals(session)
            if lapsed:
                log.info("expired %d proposals", lapsed)
        except Exception:
            log.warning("periodic job failed; trying again next time", exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
