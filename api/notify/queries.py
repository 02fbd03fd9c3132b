"""Notifications, deliveries, webhook subscriptions and the live inbox subscription."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from graphql import GraphQLError
from sqlalchemy import true

from api.kernel.connections import connection, equals
from api.kernel.context import Context, Info
from api.kernel.nodes import register
from api.kernel.types import Connection, Node
from api.notify.types import (
    ChannelEnum,
    NotificationStatusEnum,
    NotificationType,
    WebhookSubscriptionType,
)
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
    @strawberry.field(description="The viewer's inbox, oldest first; filter: unread.")
    async def notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: NotificationFilter | None = None,
        unread: Annotated[
            bool, strawberry.argument(deprecation_reason="Use filter: {unread: true}.")
        ] = False,
    ) -> Connection[NotificationType]:
        if unread:
            filter = NotificationFilter(unread=True)
        return await connection(
            info,
            Notification,
            lambda: delivery.inbox(info.context.principal),
            first=first,
            after=after,
            filter=filter,
            rules={"unread": lambda only: Notification.read_at.is_(None) if only else true()},
        )

    @strawberry.field(description="ADMIN: every delivery on every channel, with its status.")
    async def deliveries(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: DeliveryFilter | None = None,
    ) -> Connection[NotificationType]:
        return await connection(
            info,
            Notification,
            lambda: delivery.deliveries(info.context.principal),
            first=first,
            after=after,
            filter=filter,
            rules={"channel": equals(Notification.channel), "status": equals(Notification.status)},
        )

    @strawberry.field(description="The viewer's webhook subscriptions (all of them for ADMIN).")
    async def webhook_subscriptions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[WebhookSubscriptionType]:
        return await connection(
            info,
            WebhookSubscription,
            lambda: webhooks.own_subscriptions(info.context.principal),
            first=first,
            after=after,
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


async def _notification(ctx: Context, ident: uuid.UUID) -> Node | None:
    async with ctx.reading() as session:
        row = await session.get(Notification, ident)
    if row is None or not (ctx.principal.is_admin or row.account_id == ctx.principal.account_id):
        return None
    return NotificationType.of(row)


async def _subscription(ctx: Context, ident: uuid.UUID) -> Node | None:
    async with ctx.reading() as session:
        row = await session.get(WebhookSubscription, ident)
    if row is None or not (ctx.principal.is_admin or row.account_id == ctx.principal.account_id):
        return None
    return WebhookSubscriptionType.of(row)


register("Notification", _notification)


register("WebhookSubscription", _subscription)
