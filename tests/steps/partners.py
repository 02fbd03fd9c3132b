"""Partner steps: webhook subscriptions."""

from __future__ import annotations

import json
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.support.receivers import HttpReceiver


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


def heard(receiver: HttpReceiver, path: str = "/hooks") -> list[dict[str, Any]]:
    """The bodies of the webhooks the receiver got at `path`, in arrival order."""
    return [json.loads(r.body) for r in receiver.received if r.path == path]
