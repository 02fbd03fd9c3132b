"""The `markNotificationRead` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.notify.types import NotificationPayload
from domain.notify import delivery
from domain.notify.model import Notification


@strawberry.type
class MarkNotificationReadPayload(NotificationPayload):
    pass


@strawberry.input
class MarkNotificationReadInput:
    notification_id: strawberry.ID


@strawberry.type
class MarkNotificationRead:
    @strawberry.mutation
    async def mark_notification_read(
        self, info: Info, input: MarkNotificationReadInput
    ) -> MarkNotificationReadPayload:
        async def use_case(session: AsyncSession) -> Notification:
            command = delivery.MarkRead(
                notification_id=expect_id(input.notification_id, "Notification", "notificationId")
            )
            return await delivery.mark_read(session, info.context.principal, command)

        return await mutate(info, MarkNotificationReadPayload, use_case, "notification")
