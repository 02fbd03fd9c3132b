"""The `markNotificationRead` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.notify.types import NotificationPayload
from domain.notify import delivery


@strawberry.input
class MarkNotificationReadInput:
    notification_id: strawberry.ID


@strawberry.type
class MarkNotificationReadPayload(NotificationPayload):
    pass


@strawberry.type
class MarkNotificationRead:
    mark_notification_read = mutation(
        MarkNotificationReadInput, MarkNotificationReadPayload, delivery.mark_read
    )
