"""Periodic jobs of the worker process: proposal expiry, dispatch escalation."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from domain.kernel.db.engine import Database
from domain.matching.proposals import expire_proposals
from domain.notify.delivery import requeue_stuck
from domain.notify.fanout import nudge_unacknowledged

log = logging.getLogger(__name__)


async def run_once(db: Database, acknowledge_within: timedelta) -> None:
    """One pass of every periodic job, each in its own transaction."""
    async with db.transaction() as session:
        lapsed = await expire_proposals(session)
    async with db.transaction() as session:
        nudged = await nudge_unacknowledged(session, acknowledge_within)
    async with db.transaction() as session:
        requeued = await requeue_stuck(session)
    if lapsed or nudged or requeued:
        log.info(
            "periodic: %d proposals expired, %d dispatches nudged, %d sends requeued",
            lapsed,
            nudged,
            requeued,
        )


async def run_periodic(
    db: Database, stop: asyncio.Event, acknowledge_within: timedelta, interval: float = 60.0
) -> None:
    """Run the jobs every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            await run_once(db, acknowledge_within)
        except Exception:
            log.warning("periodic jobs failed; trying again next time", exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
