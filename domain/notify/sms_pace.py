"""The per-phone pace of text messages: at most so many to one phone within an hour.

A busy incident can tell one volunteer of a dozen dispatches in minutes; carriers flag a
sender that floods a handset, and the person stops reading. Texts over the pace are not
dropped: they go back to PENDING, unspent, and are sent when the hour has room.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.db.base import utcnow
from domain.kernel.enums import Channel, NotificationStatus
from domain.notify.model import Notification

N = NotificationStatus
WINDOW = timedelta(hours=1)


@dataclass
class Paced:
    """The claimed rows that may go now, and those deferred until `room_at`."""

    send: list[Notification]
    deferred: list[uuid.UUID] = field(default_factory=list)
    room_at: datetime | None = None


async def _lock_phones(session: AsyncSession, phones: list[str]) -> None:
    """Serialize the count-and-claim of one phone across workers (PostgreSQL; SQLite has
    one writer at a time already). Sorted, so two batches never wait on each other."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for phone in phones:
        await session.execute(select(func.pg_advisory_xact_lock(func.hashtext("sms:" + phone))))


async def pace(
    session: AsyncSession,
    claimed: list[Notification],
    per_hour: int,
    now: datetime | None = None,
) -> Paced:
    """Split claimed rows into those that may be sent and those over their phone's pace.

    A phone's hour counts texts SENT within it and texts other workers are sending now."""
    texts = [n for n in claimed if n.channel is Channel.SMS and n.address]
    if not texts:
        return Paced(claimed)
    now = now or utcnow()
    phones = sorted({str(n.address) for n in texts})
    await _lock_phones(session, phones)
    mine = [n.id for n in claimed]
    rows = await session.execute(
        select(Notification.address, Notification.sent_at).where(
            Notification.channel == Channel.SMS,
            Notification.address.in_(phones),
            or_(
                and_(Notification.status == N.SENT, Notification.sent_at >= now - WINDOW),
                and_(
                    Notification.status == N.SENDING,
                    Notification.claimed_until >= now,
                    Notification.id.not_in(mine),
                ),
            ),
        )
    )
    used: dict[str, list[datetime]] = defaultdict(list)
    for address, sent_at in rows:
        used[str(address)].append(sent_at or now)
    deferred: list[uuid.UUID] = []
    room_at: datetime | None = None
    for text in sorted(texts, key=lambda n: (n.created_at, str(n.id))):
        times = used[str(text.address)]
        if len(times) < per_hour:
            times.append(now)
            continue
        deferred.append(text.id)
        # Room comes when the oldest text of the phone's hour leaves it.
        free = min(times) + WINDOW
        room_at = free if room_at is None else min(room_at, free)
    if not deferred:
        return Paced(claimed)
    await session.execute(
        update(Notification)
        .where(Notification.id.in_(deferred))
        .values(
            status=N.PENDING,
            # Waiting is not a try: the claim's count is given back.
            attempts=Notification.attempts - 1,
            claimed_until=None,
            last_error=f"waiting: {per_hour} texts to this phone within the hour",
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    held = set(deferred)
    return Paced([n for n in claimed if n.id not in held], deferred, room_at)
