"""Notifications, deliveries, webhook subscriptions and the live inbox subscription."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError
from sqlalchemy import true

from api.kernel.connections import Shortcut, connection_field, equals
from api.kernel.context import Info
from api.kernel.nodes import node_resolver, register
from api.notify.types import (
    ChannelEnum,
    NotificationStatusEnum,
    NotificationType,
    WebhookSubscriptionType,
)
from domain.kernel import policy
from domain.notify import delivery, webhooks
from domain.notify.model import Notification, WebhookSubscription


@strawberry.input
class NotificationFilter:
    unread: bool | None = strawberry.field(default=None, description="Only those not yet read.")


@strawberry.input
class DeliveryFilter:
    channel: ChannelEnum | None = None  # type: ignore[valid-type]
    status: NotificationStatusEnum | None = None  # type: ignore[valid-type]


@strawberry.type
class NotifyQueries:
    notifications = connection_field(
        NotificationType,
        Notification,
        scope=lambda asked: delivery.inbox(asked.principal),
        filter=NotificationFilter,
        rules={"unread": lambda only: Notification.read_at.is_(None) if only else true()},
        shortcuts=[Shortcut("unread", bool, False, "Use filter: {unread: true}.")],
        description="The viewer's inbox, oldest first; filter: unread.",
    )

    deliveries = connection_field(
        NotificationType,
        Notification,
        scope=lambda asked: delivery.deliveries(asked.principal),
        filter=DeliveryFilter,
        rules={"channel": equals(Notification.channel), "status": equals(Notification.status)},
        description="ADMIN: every delivery on every channel, with its status.",
    )

    webhook_subscriptions = connection_field(
        WebhookSubscriptionType,
        WebhookSubscription,
        scope=lambda asked: webhooks.own_subscriptions(asked.principal),
        description="The viewer's webhook subscriptions (all of them for ADMIN).",
    )


@strawberry.type
class Subscription:
    @strawberry.subscription(description="The viewer's inbox, live (graphql-transport-ws).")
    async def notification_received(self, info: Info) -> AsyncGenerator[NotificationType, None]:
        ctx = info.context
        if ctx.principal.account_id is None or ctx.live is None:
            raise GraphQLError("Sign in first.", extensions={"code": "UNAUTHENTICATED"})
        async for notification_id in ctx.live.listen(str(ctx.principal.account_id)):
            async with ctx.db.transaction() as session:
                row = await session.get(Notification, uuid.UUID(notification_id))
            if row is not None and row.account_id == ctx.principal.account_id:
                yield NotificationType.of(row)


register("Notification", node_resolver(Notification, NotificationType.of, may_see=policy.owns))
register(
    "WebhookSubscription",
    node_resolver(WebhookSubscription, WebhookSubscriptionType.of, may_see=policy.owns),
)
