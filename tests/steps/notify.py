"""Notifications as the fan-out writes them, for tests about who may read one."""

from __future__ import annotations

import uuid

from api.kernel.ids import to_global_id
from domain.kernel.db.engine import Database
from domain.kernel.enums import Channel, NotificationStatus
from domain.notify.model import Notification


async def sent_notification(
    db: Database, channel: Channel, account_id: uuid.UUID | None, address: str | None
) -> str:
    """A message already SENT on `channel`, to an account's inbox or to an address (no
    account); its global id."""
    async with db.transaction() as session:
        row = Notification(
            topic="dispatch.issued",
            channel=channel,
            recipient_key=f"sent-{uuid.uuid4()}",
            account_id=account_id,
            address=address,
            subject="调度单",
            body="请查收",
            template="dispatch_issued",
            parameters={},
            locale="zh-CN",
            status=NotificationStatus.SENT,
            attempts=1,
        )
        session.add(row)
        await session.flush()
        return to_global_id("Notification", row.id)
