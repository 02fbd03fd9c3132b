"""Notifications and webhook subscriptions, with the payloads of their mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.kernel.types import Node, row_type
from api.notify.errors import NotificationError, WebhookError
from domain.kernel.enums import Channel, NotificationStatus, WebhookEvent
from domain.notify.model import Notification, WebhookSubscription
from domain.notify.sms_gateway import ReceiptStatus


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


SmsReceiptStatusEnum = strawberry.enum(ReceiptStatus, name="SmsReceiptStatus")


@strawberry.type(
    name="SmsReceipt", description="What the SMS gateway's carrier said became of a text."
)
class SmsReceiptType:
    status: SmsReceiptStatusEnum  # type: ignore[valid-type]
    at: datetime


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

    @strawberry.field(
        description="SMS only: the gateway's latest delivery receipt; null until one comes."
    )
    def delivery_receipt(self, root: Notification) -> SmsReceiptType | None:
        if root.receipt_status is None or root.receipt_at is None:
            return None
        return SmsReceiptType(status=ReceiptStatus(root.receipt_status), at=root.receipt_at)


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
