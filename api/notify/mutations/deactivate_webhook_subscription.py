"""The `deactivateWebhookSubscription` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import mutate
from api.notify.types import WebhookSubscriptionPayload
from domain.notify import webhooks
from domain.notify.model import WebhookSubscription


@strawberry.type
class DeactivateWebhookSubscriptionPayload(WebhookSubscriptionPayload):
    pass


@strawberry.input
class DeactivateWebhookSubscriptionInput:
    webhook_subscription_id: strawberry.ID


@strawberry.type
class DeactivateWebhookSubscription:
    @strawberry.mutation
    async def deactivate_webhook_subscription(
        self, info: Info, input: DeactivateWebhookSubscriptionInput
    ) -> DeactivateWebhookSubscriptionPayload:
        async def use_case(session: AsyncSession) -> WebhookSubscription:
            command = webhooks.Deactivate(
                webhook_subscription_id=expect_id(
                    input.webhook_subscription_id, "WebhookSubscription", "webhookSubscriptionId"
                )
            )
            return await webhooks.deactivate(session, info.context.principal, command)

        return await mutate(
            info, DeactivateWebhookSubscriptionPayload, use_case, "webhook_subscription"
        )
