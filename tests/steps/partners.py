"""Partner steps: webhook subscriptions."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import DISPATCH


async def subscribe_webhook(
    api: ApiClient, token: str, url: str, events: list[str], region_codes: list[str] | None = None
) -> str:
    """A partner's webhook subscription (in `region_codes` only, if given); returns its
    signing secret."""
    values: dict[str, object] = {"url": url, "events": events}
    if region_codes is not None:
        values["regionCodes"] = region_codes
    created = await api.mutate(
        "createWebhookSubscription", DISPATCH["CreateWebhookSubscription"], values, token
    )
    assert created["userErrors"] == [], created
    return str(created["secret"])
