"""The `createWebhookSubscription` mutation: its input, its payload and its resolver,
which hands the use case the box that seals the signing secret."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.notify.errors import WebhookError
from api.notify.types import WebhookEventEnum, WebhookSubscriptionType
from domain.notify import webhooks
from domain.notify.destinations import DestinationRule
from domain.notify.model import WebhookSubscription


@strawberry.input
class CreateWebhookSubscriptionInput:
    url: str
    events: list[WebhookEventEnum]  # type: ignore[valid-type]
    region_codes: list[str] | None = strawberry.field(
        default=None,
        description="Only events about objects in or under these regions (GB/T 2260 codes); "
        "every region when left out.",
    )


@strawberry.type
class CreateWebhookSubscriptionPayload:
    webhook_subscription: WebhookSubscriptionType | None
    secret: str | None = strawberry.field(description="The signing secret, shown this once.")
    user_errors: list[WebhookError]


@strawberry.type
class CreateWebhookSubscription:
    @strawberry.mutation(description="Signed webhooks (Standard Webhooks) to a partner URL.")
    async def create_webhook_subscription(
        self, info: Info, input: CreateWebhookSubscriptionInput
    ) -> CreateWebhookSubscriptionPayload:
        box = info.context.box
        assert box is not None
        destinations = DestinationRule.from_settings(info.context.settings)

        async def use_case(session: AsyncSession) -> tuple[WebhookSubscription, str]:
            command = webhooks.CreateSubscription(
                url=input.url,
                events=list(input.events),
                region_codes=list(input.region_codes or []),
            )
            return await webhooks.create_subscription(
                session, info.context.principal, command, box=box, destinations=destinations
            )

        created, errors = await run_use_case(info, use_case)
        subscription, secret = created or (None, None)
        return payload_of(
            CreateWebhookSubscriptionPayload,
            errors,
            webhook_subscription=subscription,
            secret=secret,
        )
