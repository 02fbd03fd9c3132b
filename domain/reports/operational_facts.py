"""Facts an operator watches, read from the database so every process tells the same story:
the outbox backlog, notification outcomes, matching rounds and how long they took."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, case, cast, extract, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from domain.kernel.db.base import utcnow
from domain.kernel.enums import RoundStatus
from domain.kernel.outbox import OutboxEvent
from domain.matching.records import MatchingRound
from domain.notify.model import Notification

# Upper bounds (seconds) of the matching-duration histogram: a round is a solver call over
# one incident, from well under a second to minutes for a national-scale incident.
ROUND_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


@dataclass(frozen=True)
class RoundDurations:
    """Cumulative counts per upper bound (Prometheus histogram semantics), over all
    FINISHED and FAILED rounds."""

    buckets: dict[float, int]
    count: int
    total_seconds: float


@dataclass(frozen=True)
class OperationalFacts:
    outbox_pending: int  # committed, not yet handed to the broker
    outbox_in_flight: int  # handed to the broker, not yet consumed
    outbox_oldest_pending_seconds: float  # 0 when nothing waits
    notifications: dict[tuple[str, str], int]  # (channel, status) -> rows
    rounds: dict[str, int]  # status -> rows
    round_durations: RoundDurations = field(
        default_factory=lambda: RoundDurations({b: 0 for b in ROUND_BUCKETS}, 0, 0.0)
    )


def _seconds_between(start: Any, end: Any, dialect: str) -> ColumnElement[float]:
    if dialect == "sqlite":
        # UtcDateTime stores 'YYYY-MM-DD HH:MM:SS.ffffff' text on SQLite.
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return cast(extract("epoch", end - start), Float)


async def _round_durations(session: AsyncSession) -> RoundDurations:
    dialect = session.get_bind().dialect.name
    seconds = _seconds_between(MatchingRound.started_at, MatchingRound.finished_at, dialect)
    columns: list[ColumnElement[Any]] = [func.count(), func.coalesce(func.sum(seconds), 0.0)]
    columns += [func.coalesce(func.sum(case((seconds <= b, 1), else_=0)), 0) for b in ROUND_BUCKETS]
    row = (
        await session.execute(
            select(*columns).where(
                MatchingRound.status.in_([RoundStatus.FINISHED, RoundStatus.FAILED]),
                MatchingRound.started_at.is_not(None),
                MatchingRound.finished_at.is_not(None),
            )
        )
    ).one()
    count, total, *cumulative = row
    return RoundDurations(
        dict(zip(ROUND_BUCKETS, (int(c) for c in cumulative), strict=True)),
        int(count),
        float(total),
    )


async def read_facts(session: AsyncSession) -> OperationalFacts:
    """A handful of grouped counts, each served by an index on the columns it groups."""
    pending, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxEvent.available_at)).where(
                OutboxEvent.consumed_at.is_(None),
                OutboxEvent.relayed_at.is_(None),
                OutboxEvent.available_at <= utcnow(),
            )
        )
    ).one()
    in_flight = await session.scalar(
        select(func.count()).where(
            OutboxEvent.consumed_at.is_(None), OutboxEvent.relayed_at.is_not(None)
        )
    )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=utcnow().tzinfo)
    notifications = await session.execute(
        select(Notification.channel, Notification.status, func.count()).group_by(
            Notification.channel, Notification.status
        )
    )
    rounds = await session.execute(
        select(MatchingRound.status, func.count()).group_by(MatchingRound.status)
    )
    return OperationalFacts(
        outbox_pending=int(pending),
        outbox_in_flight=int(in_flight or 0),
        outbox_oldest_pending_seconds=(
            max((utcnow() - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
        ),
        notifications={(c.value, s.value): int(n) for c, s, n in notifications},
        rounds={s.value: int(n) for s, n in rounds},
        round_durations=await _round_durations(session),
    )
