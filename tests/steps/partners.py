"""Partner steps: webhook subscriptions."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import DISPATCH


async def subscribe_webhook(api: ApiClient, token: str, url: str, events: list[str]) -> str:
    """A partner's webhook subscription; returns its signing secret."""
    created = await api.mutate(
        "createWebhookSubscription",
        DISPATCH["CreateWebhookSubscription"],
        {"url": url, "events": events},
        token,
    )
    assert created["userErrors"] == [], created
    return str(created["secret"])
