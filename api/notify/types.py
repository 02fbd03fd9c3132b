"""Notifications and webhook subscriptions, with the payloads of their mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.types import Node, row_type
from api.notify.errors import NotificationError, WebhookError
from domain.kernel.enums import Channel, NotificationStatus, WebhookEvent
from domain.notify.model import Notification, WebhookSubscription


@strawberry.type
class NotificationPayload:
    notification: NotificationType | None
    user_errors: list[NotificationError]


@strawberry.type
class WebhookSubscriptionPayload:
    webhook_subscription: WebhookSubscriptionType | None
    user_errors: list[WebhookError]


ChannelEnum = strawberry.enum(Channel)


NotificationStatusEnum = strawberry.enum(NotificationStatus)


WebhookEventEnum = strawberry.enum(WebhookEvent)


@row_type(
    Notification, name="Notification", description="One message to one recipient on one channel."
)
class NotificationType(Node):
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


@row_type(
    WebhookSubscription, name="WebhookSubscription", description="Signed webhooks to a partner URL."
)
class WebhookSubscriptionType(Node):
    url: str
    events: list[WebhookEventEnum]  # type: ignore[valid-type]
    region_codes: list[str] = strawberry.field(
        description="The regions it hears of (each with everything under it); empty: all."
    )
    active: bool
    created_at: datetime
