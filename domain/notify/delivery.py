"""Sending state of a notification: claim, outcome, re-delivery, the inbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.outbox import NOTIFICATION_SEND, emit
from domain.notify.model import Notification, WebhookSubscription

N = NotificationStatus
# A claim is a lease the sending worker renews every HEARTBEAT while its sends are in
# flight: a live worker, however slow its receivers, keeps its rows, and a killed one's
# rows are free again within LEASE (then `release_lapsed` sends them again).
LEASE = timedelta(seconds=20)
HEARTBEAT = timedelta(seconds=5)
MAX_ATTEMPTS = 8


@dataclass(frozen=True, slots=True)
class Redeliver:
    notification_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class MarkRead:
    notification_id: uuid.UUID


@dataclass(frozen=True)
class Failure:
    """A try that did not deliver; `final` makes the row DEAD (no try is left)."""

    notification_id: uuid.UUID
    error: str
    final: bool


async def claim(
    session: AsyncSession, notification_ids: Sequence[uuid.UUID], now: datetime | None = None
) -> list[Notification]:
    """Take for sending those of the rows that are neither sent, dead, nor held by another
    worker. The claims commit before anything is sent, so a redelivered message finds them
    taken."""
    if not notification_ids:
        return []
    now = now or utcnow()
    # One round trip for the whole batch: the UPDATE hands back the rows it won (RETURNING).
    claimed = await session.scalars(
        update(Notification)
        .where(
            Notification.id.in_(notification_ids),
            or_(
                Notification.status.in_((N.PENDING, N.FAILED)),
                (Notification.status == N.SENDING) & (Notification.claimed_until < now),
            ),
        )
        .values(status=N.SENDING, claimed_until=now + LEASE, attempts=Notification.attempts + 1)
        .returning(Notification)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return list(claimed.all())


async def renew(
    session: AsyncSession, notification_ids: Sequence[uuid.UUID], now: datetime | None = None
) -> int:
    """The worker sending these rows is alive: their claims run a LEASE from now."""
    if not notification_ids:
        return 0
    now = now or utcnow()
    renewed = await session.execute(
        update(Notification)
        .where(Notification.id.in_(notification_ids), Notification.status == N.SENDING)
        .values(claimed_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(renewed, "rowcount", 0) or 0)


async def release_lapsed(
    session: AsyncSession, *, now: datetime | None = None, limit: int = 500
) -> int:
    """Rows whose claim lapsed (their worker died: a live one renews) go back to PENDING,
    and one send event, due at once, takes them; returns how many.

    A row the dead worker had already handed over is sent twice, with the same
    `webhook-id`: the receiver deduplicates. That is the price of at least once."""
    now = now or utcnow()
    lapsed = (
        await session.scalars(
            select(Notification.id)
            .where(Notification.status == N.SENDING, Notification.claimed_until < now)
            .limit(limit)
        )
    ).all()
    if not lapsed:
        return 0
    # Guarded again: another worker may have released or re-claimed some meanwhile.
    released = (
        await session.scalars(
            update(Notification)
            .where(
                Notification.id.in_(lapsed),
                Notification.status == N.SENDING,
                Notification.claimed_until < now,
            )
            .values(status=N.PENDING, claimed_until=None)
            .returning(Notification.id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    if released:
        emit(session, NOTIFICATION_SEND, {"notificationIds": [str(i) for i in released]}, now=now)
    return len(released)


async def held_until(
    session: AsyncSession, notification_ids: Sequence[uuid.UUID]
) -> datetime | None:
    """When the last of these rows' claims by other workers ends, if any is held."""
    if not notification_ids:
        return None
    return await session.scalar(
        select(func.max(Notification.claimed_until)).where(
            Notification.id.in_(notification_ids), Notification.status == N.SENDING
        )
    )


async def subscriptions_of(
    session: AsyncSession, notification_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID | None, WebhookSubscription]:
    """The webhook subscriptions these notifications go to, by id, in one query."""
    if not notification_ids:
        return {}
    found = await session.scalars(
        select(WebhookSubscription).where(
            WebhookSubscription.id.in_(
                select(Notification.webhook_subscription_id).where(
                    Notification.id.in_(notification_ids)
                )
            )
        )
    )
    return {subscription.id: subscription for subscription in found}


def is_final(notification: Notification, *, permanent: bool) -> bool:
    """A permanent error, or the last try spent: the row goes DEAD."""
    return permanent or notification.attempts >= MAX_ATTEMPTS


async def record(
    session: AsyncSession, sent: Sequence[uuid.UUID], failures: Sequence[Failure]
) -> None:
    """The outcome of one batch of tries: SENT rows in one statement, then each failure,
    FAILED while tries remain (the worker retries with backoff) or DEAD after the last."""
    if sent:
        await session.execute(
            update(Notification)
            .where(Notification.id.in_(sent))
            .values(status=N.SENT, sent_at=utcnow(), claimed_until=None, last_error=None)
            # Nothing in this session holds the rows: skip the ORM's in-Python evaluation.
            .execution_options(synchronize_session=False)
        )
    for failure in failures:
        await session.execute(
            update(Notification)
            .where(Notification.id == failure.notification_id)
            .values(
                status=N.DEAD if failure.final else N.FAILED,
                last_error=failure.error[:2000],
                claimed_until=None,
            )
            .execution_options(synchronize_session=False)
        )


async def redeliver(
    session: AsyncSession, principal: Principal, command: Redeliver
) -> Notification:
    """ADMIN sends a FAILED or DEAD notification again, from its first try."""
    principal.require_signed_in()
    principal.require_admin("Only ADMIN re-delivers.")
    notification = await session.get(Notification, command.notification_id, with_for_update=True)
    if notification is None:
        raise DomainError.single("notification_id", ErrorCode.NOT_FOUND, "No such notification.")
    if notification.status not in (N.FAILED, N.DEAD):
        raise DomainError.single(
            "notification_id",
            ErrorCode.INVALID_TRANSITION,
            f"The notification is {notification.status.value}.",
        )
    notification.status = N.PENDING
    notification.attempts = 0
    emit(session, NOTIFICATION_SEND, {"notificationIds": [str(notification.id)]})
    audit.record(session, principal, "notification.redelivered", notification, region_code=None)
    return notification


def inbox(principal: Principal) -> Select[Notification]:
    """The viewer's own INBOX notifications."""
    principal.require_signed_in()
    return select(Notification).where(
        Notification.channel == Channel.INBOX, Notification.account_id == principal.account_id
    )


def deliveries(principal: Principal) -> Select[Notification]:
    """Every notification on every channel: ADMIN only (delivery status and errors)."""
    principal.require_admin("Only ADMIN sees every delivery.")
    return select(Notification)


async def mark_read(session: AsyncSession, principal: Principal, command: MarkRead) -> Notification:
    """The recipient marks an inbox message read (again is harmless)."""
    principal.require_signed_in()
    notification = await session.get(Notification, command.notification_id)
    if (
        notification is None
        or notification.channel is not Channel.INBOX
        or notification.account_id != principal.account_id
    ):
        raise DomainError.single("notification_id", ErrorCode.NOT_FOUND, "No such message.")
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


async def requeue_stuck(
    session: AsyncSession,
    *,
    older_than: timedelta = timedelta(minutes=10),
    now: datetime | None = None,
) -> int:
    """Send again what a lost message left behind: a lapsed claim, or a FAILED row whose
    retry never came (a worker died past its last retry). DEAD rows wait for an admin."""
    now = now or utcnow()
    stuck = (
        await session.scalars(
            select(Notification.id)
            .where(
                or_(
                    (Notification.status == N.SENDING) & (Notification.claimed_until < now),
                    (Notification.status.in_((N.PENDING, N.FAILED)))
                    & (Notification.updated_at < now - older_than),
                )
            )
            .limit(500)
        )
    ).all()
    if stuck:
        emit(session, NOTIFICATION_SEND, {"notificationIds": [str(ident) for ident in stuck]})
        await session.execute(
            update(Notification)
            .where(Notification.id.in_(stuck))
            .values(updated_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(stuck)
