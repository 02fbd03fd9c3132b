"""Dispatch status, the inbox, webhook subscriptions, re-delivery."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id
from api.mutations.base import run_use_case
from api.types.common import UserErrorType
from api.types.incidents import DispatchStatusEnum, DispatchType
from api.types.notifications import NotificationType, WebhookEventEnum, WebhookSubscriptionType
from domain.dispatch import status as dispatch_status
from domain.dispatch.model import Dispatch
from domain.notify import delivery, webhooks
from domain.notify.model import Notification, WebhookSubscription


@strawberry.input
class UpdateDispatchStatusInput:
    dispatch_id: strawberry.ID
    status: DispatchStatusEnum  # type: ignore[valid-type]
    delivered_quantity: int | None = strawberry.field(
        default=None, description="Required with DELIVERED: units handed over."
    )


@strawberry.type
class UpdateDispatchStatusPayload:
    dispatch: DispatchType | None
    user_errors: list[UserErrorType]


@strawberry.input
class MarkNotificationReadInput:
    notification_id: strawberry.ID


@strawberry.type
class NotificationPayload:
    notification: NotificationType | None
    user_errors: list[UserErrorType]


@strawberry.input
class RedeliverNotificationInput:
    notification_id: strawberry.ID


@strawberry.input
class CreateWebhookSubscriptionInput:
    url: str
    events: list[WebhookEventEnum]  # type: ignore[valid-type]


@strawberry.type
class CreateWebhookSubscriptionPayload:
    webhook_subscription: WebhookSubscriptionType | None
    secret: str | None = strawberry.field(description="The signing secret, shown this once.")
    user_errors: list[UserErrorType]


@strawberry.input
class DeactivateWebhookSubscriptionInput:
    webhook_subscription_id: strawberry.ID


@strawberry.type
class WebhookSubscriptionPayload:
    webhook_subscription: WebhookSubscriptionType | None
    user_errors: list[UserErrorType]


@strawberry.type
class DispatchMutations:
    @strawberry.mutation(description="The provider moves its dispatch on; the office cancels.")
    async def update_dispatch_status(
        self, info: Info, input: UpdateDispatchStatusInput
    ) -> UpdateDispatchStatusPayload:
        async def use_case(session: AsyncSession) -> Dispatch:
            ident = expect_id(input.dispatch_id, "Dispatch", "dispatchId")
            return await dispatch_status.update_dispatch_status(
                session, info.context.principal, ident, input.status, input.delivered_quantity
            )

        row, errors = await run_use_case(info, use_case)
        return UpdateDispatchStatusPayload(
            dispatch=DispatchType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation
    async def mark_notification_read(
        self, info: Info, input: MarkNotificationReadInput
    ) -> NotificationPayload:
        async def use_case(session: AsyncSession) -> Notification:
            ident = expect_id(input.notification_id, "Notification", "notificationId")
            return await delivery.mark_read(session, info.context.principal, ident)

        row, errors = await run_use_case(info, use_case)
        return NotificationPayload(
            notification=NotificationType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="ADMIN sends a FAILED or DEAD notification again.")
    async def redeliver_notification(
        self, info: Info, input: RedeliverNotificationInput
    ) -> NotificationPayload:
        async def use_case(session: AsyncSession) -> Notification:
            ident = expect_id(input.notification_id, "Notification", "notificationId")
            return await delivery.redeliver(session, info.context.principal, ident)

        row, errors = await run_use_case(info, use_case)
        return NotificationPayload(
            notification=NotificationType.of(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(description="Signed webhooks (Standard Webhooks) to a partner URL.")
    async def create_webhook_subscription(
        self, info: Info, input: CreateWebhookSubscriptionInput
    ) -> CreateWebhookSubscriptionPayload:
        box = info.context.box
        assert box is not None

        async def use_case(session: AsyncSession) -> tuple[WebhookSubscription, str]:
            return await webhooks.create_subscription(
                session, info.context.principal, box, input.url, list(input.events)
            )

        result, errors = await run_use_case(info, use_case)
        return CreateWebhookSubscriptionPayload(
            webhook_subscription=WebhookSubscriptionType.of(result[0]) if result else None,
            secret=result[1] if result else None,
            user_errors=errors,
        )

    @strawberry.mutation
    async def deactivate_webhook_subscription(
        self, info: Info, input: DeactivateWebhookSubscriptionInput
    ) -> WebhookSubscriptionPayload:
        async def use_case(session: AsyncSession) -> WebhookSubscription:
            ident = expect_id(
                input.webhook_subscription_id, "WebhookSubscription", "webhookSubscriptionId"
            )
            return await webhooks.deactivate(session, info.context.principal, ident)

        row, errors = await run_use_case(info, use_case)
        return WebhookSubscriptionPayload(
            webhook_subscription=WebhookSubscriptionType.of(row) if row else None,
            user_errors=errors,
        )
