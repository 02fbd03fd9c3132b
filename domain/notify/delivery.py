"""Sending state of a notification: claim, outcome, re-delivery, the inbox."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.auth.principal import Principal
from domain.db.base import utcnow
from domain.db.notifications import Notification
from domain.enums import Channel, NotificationStatus
from domain.errors import DomainError, ErrorCode
from domain.outbox import NOTIFICATION_SEND, emit
from domain.services import audit

N = NotificationStatus
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8


async def claim(
    session: AsyncSession, notification_id: uuid.UUID, now: datetime | None = None
) -> Notification | None:
    """Take the row for sending, or None when it is sent, dead or another worker holds it.

    The claim commits before anything is sent, so a redelivered message finds it taken.
    """
    now = now or utcnow()
    # One round trip: the UPDATE hands back the claimed row (RETURNING), if it won.
    claimed = await session.scalars(
        update(Notification)
        .where(
            Notification.id == notification_id,
            or_(
                Notification.status.in_((N.PENDING, N.FAILED)),
                (Notification.status == N.SENDING) & (Notification.claimed_until < now),
            ),
        )
        .values(status=N.SENDING, claimed_until=now + LEASE, attempts=Notification.attempts + 1)
        .returning(Notification)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return claimed.one_or_none()


async def record_sent(session: AsyncSession, notification_id: uuid.UUID) -> None:
    await session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(status=N.SENT, sent_at=utcnow(), claimed_until=None, last_error=None)
        # Nothing in this session holds the row: skip the ORM's in-Python evaluation.
        .execution_options(synchronize_session=False)
    )


async def record_failure(
    session: AsyncSession, notification_id: uuid.UUID, error: str, *, final: bool
) -> None:
    """FAILED while tries remain (the worker retries with backoff), DEAD after the last."""
    await session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(status=N.DEAD if final else N.FAILED, last_error=error[:2000], claimed_until=None)
        .execution_options(synchronize_session=False)
    )


async def redeliver(
    session: AsyncSession, principal: Principal, notification_id: uuid.UUID
) -> Notification:
    """ADMIN sends a FAILED or DEAD notification again, from its first try."""
    principal.require_signed_in()
    if not principal.is_admin:
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only ADMIN re-delivers.")
    notification = await session.get(Notification, notification_id, with_for_update=True)
    if notification is None:
        raise DomainError.single("notificationId", ErrorCode.NOT_FOUND, "No such notification.")
    if notification.status not in (N.FAILED, N.DEAD):
        raise DomainError.single(
            "notificationId",
            ErrorCode.INVALID_TRANSITION,
            f"The notification is {notification.status.value}.",
        )
    notification.status = N.PENDING
    notification.attempts = 0
    emit(session, NOTIFICATION_SEND, {"notificationId": str(notification.id)})
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
    if not principal.is_admin:
        raise DomainError.single(None, ErrorCode.FORBIDDEN, "Only ADMIN sees every delivery.")
    return select(Notification)


async def mark_read(
    session: AsyncSession, principal: Principal, notification_id: uuid.UUID
) -> Notification:
    """The recipient marks an inbox message read (again is harmless)."""
    principal.require_signed_in()
    notification = await session.get(Notification, notification_id)
    if (
        notification is None
        or notification.channel is not Channel.INBOX
        or notification.account_id != principal.account_id
    ):
        raise DomainError.single("notificationId", ErrorCode.NOT_FOUND, "No such message.")
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
    for ident in stuck:
        emit(session, NOTIFICATION_SEND, {"notificationId": str(ident)})
    if stuck:
        await session.execute(
            update(Notification)
            .where(Notification.id.in_(stuck))
            .values(updated_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(stuck)
