"""Notifications, deliveries, webhook subscriptions and the live inbox subscription."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError
from sqlalchemy import true

from api.kernel.connections import Shortcut, connection_field, equals, narrows
from api.kernel.context import Info
from api.kernel.nodes import register
from api.notify.types import (
    ChannelEnum,
    NotificationStatusEnum,
    NotificationType,
    WebhookSubscriptionType,
)
from domain.kernel import policy
from domain.notify import delivery, webhooks
from domain.notify.model import Notification


@strawberry.input
class NotificationFilter:
    unread: bool | None = narrows(
        lambda only: Notification.read_at.is_(None) if only else true(),
        description="Only those not yet read.",
    )


@strawberry.input
class DeliveryFilter:
    channel: ChannelEnum | None = narrows(equals(Notification.channel))  # type: ignore[valid-type]
    status: NotificationStatusEnum | None = narrows(equals(Notification.status))  # type: ignore[valid-type]


@strawberry.type
class NotifyQueries:
    notifications = connection_field(
        NotificationType,
        scope=delivery.inbox,
        filter=NotificationFilter,
        shortcuts=[Shortcut("unread", bool, False, "Use filter: {unread: true}.")],
        description="The viewer's inbox, oldest first; filter: unread.",
    )

    deliveries = connection_field(
        NotificationType,
        scope=delivery.deliveries,
        filter=DeliveryFilter,
        description="ADMIN: every delivery on every channel, with its status.",
    )

    webhook_subscriptions = connection_field(
        WebhookSubscriptionType,
        scope=webhooks.own_subscriptions,
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


register(NotificationType, may_see=policy.owns)
register(WebhookSubscriptionType, may_see=policy.owns)
