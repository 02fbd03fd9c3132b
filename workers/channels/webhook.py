"""Signed webhooks per the Standard Webhooks spec (webhook-id, -timestamp, -signature)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from standardwebhooks import Webhook

from workers.channels._http import HttpPoster
from workers.channels.base import Delivery, DeliveryError

SECRET_PREFIX = "whsec_"


def payload_of(delivery: Delivery) -> dict[str, Any]:
    """The JSON body: the delivery's payload, or one built from its template and parameters."""
    if delivery.payload is not None:
        return delivery.payload
    now = datetime.now(UTC).isoformat()
    return {"type": delivery.template, "timestamp": now, "data": delivery.parameters}


def signed_request(delivery: Delivery, now: float | None = None) -> tuple[bytes, dict[str, str]]:
    """The exact body and the headers whose signature covers it."""
    if not delivery.secret:
        raise DeliveryError("webhook subscription has no signing secret", permanent=True)
    try:
        signer = Webhook(delivery.secret)
    except Exception as exc:  # the package raises bare errors for bad base64 or empty keys
        raise DeliveryError(f"unusable signing secret: {exc}", permanent=True) from exc
    # Compact and deterministic; the receiver verifies these very bytes, so sign what is sent.
    text = json.dumps(payload_of(delivery), ensure_ascii=False, separators=(",", ":"))
    # The spec signs whole seconds; sign() reads the datetime as UTC, so give it UTC.
    seconds = int(time.time() if now is None else now)
    stamp = datetime.fromtimestamp(seconds, UTC)
    headers = {
        "content-type": "application/json",
        "webhook-id": delivery.notification_id,
        "webhook-timestamp": str(seconds),
        "webhook-signature": signer.sign(delivery.notification_id, stamp, text),
    }
    return text.encode(), headers


class WebhookChannel:
    """POSTs a signed JSON event to a partner's URL."""

    name = "WEBHOOK"

    def __init__(self, *, timeout: float = 10) -> None:
        self._http = HttpPoster(timeout)

    async def send(self, delivery: Delivery) -> None:
        """Sign and deliver one event; a retry keeps the webhook-id so receivers can dedupe."""
        content, headers = signed_request(delivery)
        await self._http.post(delivery.address, content, headers)

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()
