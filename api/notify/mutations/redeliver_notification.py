"""The `redeliverNotification` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.notify.types import NotificationPayload
from domain.notify import delivery


@strawberry.input
class RedeliverNotificationInput:
    notification_id: strawberry.ID


@strawberry.type
class RedeliverNotificationPayload(NotificationPayload):
    pass


@strawberry.type
class RedeliverNotification:
    redeliver_notification = mutation(
        RedeliverNotificationInput,
        RedeliverNotificationPayload,
        delivery.redeliver,
        description="ADMIN sends a FAILED or DEAD notification again.",
    )
