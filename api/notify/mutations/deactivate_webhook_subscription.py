"""The `deactivateWebhookSubscription` mutation: its input, its payload and its use case."""

from __future__ import annotations

import strawberry

from api.kernel.mutations import mutation
from api.notify.types import WebhookSubscriptionPayload
from domain.notify import webhooks


@strawberry.input
class DeactivateWebhookSubscriptionInput:
    webhook_subscription_id: strawberry.ID


@strawberry.type
class DeactivateWebhookSubscriptionPayload(WebhookSubscriptionPayload):
    pass


@strawberry.type
class DeactivateWebhookSubscription:
    deactivate_webhook_subscription = mutation(
        DeactivateWebhookSubscriptionInput,
        DeactivateWebhookSubscriptionPayload,
        webhooks.deactivate,
    )
