"""The `deactivateWebhookSubscription` mutation: its input, its payload and its resolver."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.use_cases import run_use_case
from api.notify.types import (
    WebhookSubscriptionPayload,
    WebhookSubscriptionType,
)
from domain.notify import webhooks
from domain.notify.model import WebhookSubscription


@strawberry.input
class DeactivateWebhookSubscriptionInput:
    webhook_subscription_id: strawberry.ID


@strawberry.type
class DeactivateWebhookSubscription:
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
