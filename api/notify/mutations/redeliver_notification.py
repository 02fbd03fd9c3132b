"""The `redeliverNotification` mutation: its input, its payload and its resolver."""

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
class RedeliverNotificationPayload(NotificationPayload):
    pass


@strawberry.input
class RedeliverNotificationInput:
    notification_id: strawberry.ID


@strawberry.type
class RedeliverNotification:
    @strawberry.mutation(description="ADMIN sends a FAILED or DEAD notification again.")
    async def redeliver_notification(
        self, info: Info, input: RedeliverNotificationInput
    ) -> RedeliverNotificationPayload:
        async def use_case(session: AsyncSession) -> Notification:
            command = delivery.Redeliver(
                notification_id=expect_id(input.notification_id, "Notification", "notificationId")
            )
            return await delivery.redeliver(session, info.context.principal, command)

        return await mutate(info, RedeliverNotificationPayload, use_case, "notification")
