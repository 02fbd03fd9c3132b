"""Periodic jobs of the worker process: proposal and offer expiry, overdue needs, late and
unacknowledged dispatches, the daily blind-spot alert, help requests waiting too long,
called down or delivered."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.helprequests.deadlines import alert_untriaged, ask_call_downs, close_delivered
from domain.incidents.blind_spots import alert_blind_spots
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from domain.matching.proposals import expire_proposals
from domain.needs.deadlines import mark_overdue
from domain.notify.delivery import requeue_stuck
from domain.notify.fanout import nudge_late, nudge_unacknowledged
from domain.offers.expiry import expire_offers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timings:
    """The periods the jobs measure, from the settings."""

    acknowledge_within: timedelta = timedelta(hours=2)
    late_escalate_after: timedelta = timedelta(hours=2)
    blind_spot_after: timedelta = timedelta(hours=48)
    triage_within: timedelta = timedelta(minutes=30)
    call_down_after: timedelta = timedelta(hours=72)

    @classmethod
    def from_settings(cls, settings: Settings) -> Timings:
        return cls(
            acknowledge_within=timedelta(minutes=settings.acknowledge_within_minutes),
            late_escalate_after=timedelta(minutes=settings.late_dispatch_escalate_after_minutes),
            blind_spot_after=timedelta(hours=settings.blind_spot_after_hours),
            triage_within=timedelta(minutes=settings.help_request_triage_minutes),
            call_down_after=timedelta(hours=settings.help_request_call_down_hours),
        )


async def run_once(db: Database, timings: Timings, now: datetime | None = None) -> None:
    """One pass of every periodic job, each in its own transaction, all at `now` (the
    clock by default; tests give their own)."""
    at = now or utcnow()
    jobs: list[tuple[str, Callable[[AsyncSession], Awaitable[int]]]] = [
        ("proposals expired", lambda s: expire_proposals(s, at)),
        ("offers expired", lambda s: expire_offers(s, at)),
        ("needs overdue", lambda s: mark_overdue(s, at)),
        ("dispatches nudged", lambda s: nudge_unacknowledged(s, timings.acknowledge_within, at)),
        ("late dispatches nudged", lambda s: nudge_late(s, timings.late_escalate_after, at)),
        (
            "incidents alerted of blind spots",
            lambda s: alert_blind_spots(s, timings.blind_spot_after, at),
        ),
        ("help requests closed on delivery", lambda s: close_delivered(s, at)),
        (
            "help requests waiting for triage",
            lambda s: alert_untriaged(s, timings.triage_within, at),
        ),
        ("help requests called down", lambda s: ask_call_downs(s, timings.call_down_after, at)),
        ("sends requeued", requeue_stuck),
    ]
    done: list[str] = []
    for name, job in jobs:
        async with db.transaction() as session:
            count = await job(session)
        if count:
            done.append(f"{count} {name}")
    if done:
        log.info("periodic: %s", ", ".join(done))


async def run_periodic(
    db: Database, stop: asyncio.Event, timings: Timings, interval: float = 60.0
) -> None:
    """Run the jobs every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            await run_once(db, timings)
        except Exception:
            log.warning("periodic jobs failed; trying again next time", exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
