"""Webhook subscriptions: an endpoint, the events it wants, a secret shown once."""

from __future__ import annotations

import base64
import secrets
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Scope, WebhookEvent
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.secrets_box import SecretBox
from domain.notify.destinations import DestinationRule
from domain.notify.model import WebhookSubscription

MAX_URL = 2000
MAX_REGIONS = 50


@dataclass(frozen=True, slots=True)
class CreateSubscription:
    """An http(s) endpoint, the events it wants, and where (region codes, each with
    everything under it; none for everywhere its owner may see)."""

    url: str
    events: list[WebhookEvent]
    region_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Deactivate:
    webhook_subscription_id: uuid.UUID


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def create_subscription(
    session: AsyncSession,
    principal: Principal,
    command: CreateSubscription,
    *,
    box: SecretBox,
    destinations: DestinationRule,
) -> tuple[WebhookSubscription, str]:
    """(the subscription, its secret — shown this once). The URL must pass the deployment's
    `destinations` rule: https in production, never a private or local address."""
    principal.require(Scope.WEBHOOKS)
    errors = Errors()
    parts = urlsplit(command.url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or len(command.url) > MAX_URL:
        errors.add("url", ErrorCode.INVALID, "An http(s) URL of at most 2000 characters.")
    else:
        refused = await destinations.refusal(command.url)
        if refused is not None:
            errors.add("url", ErrorCode.INVALID, f"Webhooks may not go there: {refused}.")
    if not command.events:
        errors.add("events", ErrorCode.REQUIRED, "Name at least one event.")
    region_codes = list(dict.fromkeys(command.region_codes))
    if len(region_codes) > MAX_REGIONS:
        errors.add("region_codes", ErrorCode.INVALID, f"At most {MAX_REGIONS} region codes.")
    for index, code in enumerate(region_codes[:MAX_REGIONS]):
        validation.region(errors, ("region_codes", str(index)), code)
    errors.raise_if_any()
    secret = new_secret()
    subscription = WebhookSubscription(
        account_id=principal.account_id,
        url=command.url,
        events=sorted({e.value for e in command.events}),
        region_codes=region_codes,
        secret_encrypted=box.encrypt(secret),
        active=True,
    )
    await audit.created(
        session,
        principal,
        "webhook.subscribed",
        subscription,
        region_code=None,
        details={"url": command.url, "events": subscription.events, "regions": region_codes},
    )
    return subscription, secret


async def deactivate(
    session: AsyncSession, principal: Principal, command: Deactivate
) -> WebhookSubscription:
    principal.require(Scope.WEBHOOKS)
    subscription = await session.get(WebhookSubscription, command.webhook_subscription_id)
    if subscription is None or not (
        principal.is_admin or subscription.account_id == principal.account_id
    ):
        raise DomainError.single(
            "webhook_subscription_id", ErrorCode.NOT_FOUND, "No such subscription of yours."
        )
    subscription.active = False
    audit.record(session, principal, "webhook.unsubscribed", subscription, region_code=None)
    return subscription


def own_subscriptions(principal: Principal) -> Select[WebhookSubscription]:
    principal.require_signed_in()
    stmt = select(WebhookSubscription)
    return (
        stmt
        if principal.is_admin
        else stmt.where(WebhookSubscription.account_id == principal.account_id)
    )
