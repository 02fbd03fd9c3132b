"""Notifications and webhook subscriptions, with the payloads of their mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.ids import to_global_id
from api.kernel.types import Node, UserErrorType
from domain.kernel.enums import Channel, NotificationStatus, WebhookEvent
from domain.notify.model import Notification, WebhookSubscription


@strawberry.type
class NotificationPayload:
    notification: NotificationType | None
    user_errors: list[UserErrorType]


@strawberry.type
class WebhookSubscriptionPayload:
    webhook_subscription: WebhookSubscriptionType | None
    user_errors: list[UserErrorType]


ChannelEnum = strawberry.enum(Channel)


NotificationStatusEnum = strawberry.enum(NotificationStatus)


WebhookEventEnum = strawberry.enum(WebhookEvent)


@strawberry.type(name="Notification", description="One message to one recipient on one channel.")
class NotificationType(Node):
    row: strawberry.Private[Notification]
    channel: ChannelEnum  # type: ignore[valid-type]
    status: NotificationStatusEnum  # type: ignore[valid-type]
    attempts: int
    last_error: str | None
    subject: str
    body: str
    topic: str
    created_at: datetime
    sent_at: datetime | None
    read_at: datetime | None

    @classmethod
    def of(cls, row: Notification) -> NotificationType:
        return cls(
            id=strawberry.ID(to_global_id("Notification", row.id)),
            row=row,
            channel=row.channel,
            status=row.status,
            attempts=row.attempts,
            last_error=row.last_error,
            subject=row.subject,
            body=row.body,
            topic=row.topic,
            created_at=row.created_at,
            sent_at=row.sent_at,
            read_at=row.read_at,
        )


@strawberry.type(name="WebhookSubscription", description="Signed webhooks to a partner URL.")
class WebhookSubscriptionType(Node):
    url: str
    events: list[WebhookEventEnum]  # type: ignore[valid-type]
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, row: WebhookSubscription) -> WebhookSubscriptionType:
        return cls(
            id=strawberry.ID(to_global_id("WebhookSubscription", row.id)),
            url=row.url,
            events=[WebhookEvent(e) for e in row.events],
            active=row.active,
            created_at=row.created_at,
        )
